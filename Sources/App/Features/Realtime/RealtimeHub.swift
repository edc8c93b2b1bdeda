import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import NIOWebSocket

/// The open live-update sockets of this instance, and the news they are told: a user's plan
/// changed. The news carries no content, only whose plan it is; the device or planner reads
/// the plan again through the API, which applies every permission. Behind a load balancer every
/// instance hears every change through PostgreSQL `NOTIFY` and tells its own sockets.
final class RealtimeHub: @unchecked Sendable {
    static let channel = "mobilize_realtime"

    /// What an instance does with the other instances' news: it empties its access cache first
    /// (so the reads the news prompts see the change), then tells its own sockets.
    static let noticeChannel = NoticeChannel(
        name: channel,
        listening: { $0.realtime.resyncAll() },
        notice: { app, payload in
            app.accessCache.invalidate()
            await app.realtime.deliver(payload: payload, db: app.db)
        }
    )

    struct Connection: Sendable {
        let socket: WebSocket
        let userID: UUID
        let sessionID: UUID
    }

    /// What a socket is told, as JSON text.
    enum Message: Equatable, Sendable {
        /// Connected (again): whatever the client shows may be stale, so it reads it anew.
        case hello
        /// The user's plan changed.
        case plan(UUID)
        /// News may have been missed (this instance lost the others' notices for a moment).
        case resync

        var text: String {
            switch self {
            case .hello: #"{"type":"hello"}"#
            case .plan(let id): #"{"type":"plan","userId":"\#(id.uuidString)"}"#
            case .resync: #"{"type":"resync"}"#
            }
        }
    }

    /// The close code of a socket whose session ended (signed out, revoked, expired, or the right
    /// that opened it ended): the client signs in again rather than reconnecting.
    static let sessionEnded = WebSocketErrorCode.unknown(4001)

    /// Answers a client's frame of one `type`; the request is the one that opened the socket.
    typealias FrameHandler = @Sendable (_ connection: Connection, _ frame: Data, _ caller: SocketCaller) async -> Void

    private let lock = NIOLock()
    private var connections: [ObjectIdentifier: Connection] = [:]
    /// Open sockets by session, bounded by `maxPerSession`.
    private var perSession: [UUID: Int] = [:]
    private var handlers: [String: FrameHandler] = [:]
    private var closeObservers: [@Sendable (WebSocket) -> Void] = []
    private var newsHandlers: [(prefix: String, handler: @Sendable (String) async -> Void)] = []
    private var planObservers: [@Sendable (UUID) -> Void] = []

    /// Set up by the features in `configure`: what a client may send, by type.
    func handle(_ type: String, _ handler: @escaping FrameHandler) {
        lock.withLock { handlers[type] = handler }
    }

    func handler(for type: String) -> FrameHandler? { lock.withLock { handlers[type] } }

    /// Told when a socket is gone, to forget what was kept for it.
    func onClose(_ observer: @escaping @Sendable (WebSocket) -> Void) {
        lock.withLock { closeObservers.append(observer) }
    }
    /// Set up by the features in `configure`: news of their own, by the prefix of its payload,
    /// heard on every instance.
    func onNews(_ prefix: String, _ handler: @escaping @Sendable (String) async -> Void) {
        lock.withLock { newsHandlers.append((prefix, handler)) }
    }

    /// Told on the instance where a user's plan changed (before the news goes out).
    func onPlanChanged(_ observer: @escaping @Sendable (UUID) -> Void) {
        lock.withLock { planObservers.append(observer) }
    }

    /// Sends news of a feature's own (see `onNews`) to every instance, this one included.
    func publish(_ payloads: [String], db: any Database) async {
        for payload in payloads {
            if let broadcast { await broadcast(payload) } else { await deliver(payload: payload, db: db) }
        }
    }

    /// This instance's open sockets of these users (their own devices and sign-ins).
    func connections(of users: Set<UUID>) -> [Connection] {
        lock.withLock { connections.values.filter { users.contains($0.userID) } }
    }

    /// Set on PostgreSQL: sends the news to every instance, this one included.
    var broadcast: (@Sendable (String) async -> Void)?

    var count: Int { lock.withLock { connections.count } }

    /// Sockets one session may hold open on one instance (a few tabs and an app), so that one
    /// session cannot hold the server's memory.
    static let maxPerSession = 16

    /// Whether the session may open another socket now (the answer before the upgrade).
    func hasRoom(for session: UUID) -> Bool {
        lock.withLock { perSession[session, default: 0] < Self.maxPerSession }
    }

    /// Keeps the socket, or answers false when its session holds `maxPerSession` already (counted
    /// under the lock, so sockets opened at once cannot pass it together).
    func add(_ connection: Connection) -> Bool {
        lock.withLock {
            guard perSession[connection.sessionID, default: 0] < Self.maxPerSession else { return false }
            perSession[connection.sessionID, default: 0] += 1
            connections[ObjectIdentifier(connection.socket)] = connection
            return true
        }
    }

    /// Forgets a socket (under the lock); answers it when it was kept.
    private func take(_ key: ObjectIdentifier) -> Connection? {
        guard let gone = connections.removeValue(forKey: key) else { return nil }
        let left = perSession[gone.sessionID, default: 1] - 1
        perSession[gone.sessionID] = left > 0 ? left : nil
        return gone
    }

    func remove(_ socket: WebSocket) {
        let observers = lock.withLock {
            _ = take(ObjectIdentifier(socket))
            return closeObservers
        }
        for observer in observers { observer(socket) }
    }

    /// Tells everyone who reads the user's plan that it changed, on every instance.
    func planChanged(of userID: UUID, db: any Database) async {
        for observer in lock.withLock({ planObservers }) { observer(userID) }
        if let broadcast {
            await broadcast("plan:\(userID.uuidString)")
        } else {
            await deliver(payload: "plan:\(userID.uuidString)", db: db)
        }
    }

    /// Closes the sockets of sessions that ended, on every instance (the news carries only ids).
    func sessionsEnded(_ ids: [UUID]) async {
        guard !ids.isEmpty else { return }
        for chunk in ids.chunks(of: 100) {
            let payload = "end:" + chunk.map(\.uuidString).joined(separator: ",")
            if let broadcast { await broadcast(payload) } else { await close(sessions: Set(chunk)) }
        }
    }

    /// Closes this instance's sockets of these sessions with `sessionEnded`.
    func close(sessions: Set<UUID>) async {
        let ending = lock.withLock {
            let found = connections.filter { sessions.contains($0.value.sessionID) }
            return found.keys.compactMap { take($0) }
        }
        for connection in ending {
            remove(connection.socket)
            try? await connection.socket.close(code: Self.sessionEnded)
        }
    }

    /// Delivers one piece of news to this instance's sockets: to the user's own (their devices)
    /// and to those of the people who plan for them now; or closes the sockets of ended sessions.
    func deliver(payload: String, db: any Database) async {
        if payload.hasPrefix("end:") {
            await close(sessions: Set(payload.dropFirst(4).split(separator: ",").compactMap { UUID(uuidString: String($0)) }))
            return
        }
        if let handler = lock.withLock({ newsHandlers.first { payload.hasPrefix($0.prefix) }?.handler }) {
            await handler(payload)
            return
        }
        guard payload.hasPrefix("plan:"), let userID = UUID(uuidString: String(payload.dropFirst(5))) else { return }
        let open = lock.withLock { Array(connections.values) }
        guard !open.isEmpty else { return }
        var readers: Set<UUID> = [userID]
        do {
            let links = try await PlannerLink.query(on: db).filter(\.$user.$id == userID).all()
            readers.formUnion(links.map(\.$planner.id))
        } catch {
            // Without the planners, the user's own devices still hear of it.
        }
        let text = Message.plan(userID).text
        for connection in open where readers.contains(connection.userID) {
            connection.socket.send(text, promise: nil)
        }
    }

    /// Tells every socket to read anew (after this instance may have missed news).
    func resyncAll() {
        let open = lock.withLock { Array(connections.values) }
        for connection in open { connection.socket.send(Message.resync.text, promise: nil) }
    }

    /// Closes the sockets whose session has ended (signed out, revoked, expired) or whose user is
    /// restricted, and keeps the others' sessions alive: a device showing its day is in use.
    func revalidate(db: any Database, config: AppConfig, now: Date) async throws {
        let open = lock.withLock { Array(connections.values) }
        guard !open.isEmpty else { return }
        let ids = Array(Set(open.map(\.sessionID)))
        var alive: Set<UUID> = []
        // Only the ids of the live ones are read: with thousands of sockets, whole sessions and
        // users decoded every few seconds would take the cores from the messages.
        for chunk in ids.chunks() {
            alive.formUnion(
                try await AuthSession.query(on: db).filter(\.$id ~~ chunk).current(at: now, config: config)
                    .join(User.self, on: \AuthSession.$user.$id == \User.$id).filter(User.self, \.$restrictedAt == nil)
                    .all(\.$id)
            )
        }
        // Through the writer: on SQLite a write beside it would wait for the lock in the busy
        // handler's sleeps, and make the writer's own transactions sleep too.
        let stale = now.addingTimeInterval(-60)
        for chunk in Array(alive).chunks() {
            try await db.writeTransaction { db in
                try await AuthSession.query(on: db).filter(\.$id ~~ chunk).filter(\.$lastSeenAt < stale)
                    .set(\.$lastSeenAt, to: now).update()
            }
        }
        for connection in open where !alive.contains(connection.sessionID) {
            remove(connection.socket)
            try? await connection.socket.close(code: Self.sessionEnded)
        }
    }

    func closeAll() async {
        let open = lock.withLock {
            defer { connections = [:] }
            return Array(connections.values)
        }
        for connection in open { try? await connection.socket.close(code: .goingAway) }
    }
}

/// Checks the live sockets' sessions every few seconds while `mobilize serve` runs, and closes
/// the sockets when the server stops.
struct RealtimeSessions: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    static let interval: Duration = .seconds(5)
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing else { return }
        loop.task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                do {
                    try await app.realtime.revalidate(db: app.backgroundDB, config: app.config, now: app.clock.now)
                } catch {
                    app.logger.warning("realtime sessions not checked", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        loop.task?.cancel()
        await loop.task?.value
        await app.realtime.closeAll()
    }
}

extension Application {
    private struct HubKey: StorageKey { typealias Value = RealtimeHub }

    /// Set once by `configure`, before any request.
    var realtime: RealtimeHub {
        get {
            guard let hub = storage[HubKey.self] else { fatalError("configure(_:) sets the realtime hub") }
            return hub
        }
        set { storage[HubKey.self] = newValue }
    }
}
