import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
import WebSocketKit
import NIOWebSocket

@testable import App

/// The live channel on a real server and real sockets: a user's devices and planners hear of a
/// change to the plan, nobody else does, and a socket lives only as long as its
/// session and the permission behind it.
@Suite struct RealtimeTests {
    /// A client socket and what it was told.
    final class Listener: @unchecked Sendable {
        private let lock = NIOLock()
        private var received: [String] = []
        private(set) var socket: WebSocket?
        private var closed = false

        static func open(_ port: Int, token: String, on app: Application) async throws -> Listener {
            let listener = Listener()
            try await WebSocket.connect(
                to: "ws://127.0.0.1:\(port)/api/v1/realtime",
                headers: ["Authorization": "Bearer \(token)"],
                on: app.eventLoopGroup
            ) { socket in
                listener.lock.withLock { listener.socket = socket }
                socket.onText { _, text in listener.lock.withLock { listener.received.append(text) } }
                socket.onClose.whenComplete { _ in listener.lock.withLock { listener.closed = true } }
            }
            #expect(try await listener.wait { $0.contains(#"{"type":"hello"}"#) })
            return listener
        }

        var messages: [String] { lock.withLock { received } }
        var isClosed: Bool { lock.withLock { closed } }
        /// The code the server closed it with.
        var closeCode: WebSocketErrorCode? { lock.withLock { socket }?.closeCode }

        /// Waits up to `seconds` for the messages to satisfy `condition` (generous: the suite runs
        /// in parallel on two cores; `scripts/bench-realtime.sh` measures the delay).
        func wait(seconds: Double = 10, _ condition: ([String]) -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                if condition(messages) { return true }
                try await Task.sleep(for: .milliseconds(10))
            }
            return condition(messages)
        }
    }

    static func serve(_ app: Application) async throws -> Int {
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.server.start(address: nil)
        return try #require(app.http.server.shared.localAddress?.port)
    }

    /// Closes the sockets first: a server stops only once its connections are gone.
    static func stop(_ app: Application) async {
        await app.realtime.closeAll()
        await app.server.shutdown()
    }

    static func planNews(_ id: UUID) -> String { #"{"type":"plan","userId":"\#(id.uuidString)"}"# }

    @Test func theChildsTabletAndThePlannersHearOfAChangeAndNobodyElse() async throws {
        try await withApp { context in
            let app = context.app
            let fixtures = try await Fixtures.make(context)
            // Behind a load balancer the news goes round through PostgreSQL.
            let listener = try TestDatabase.postgresURL.map {
                NoticeListener(
                    configuration: try SQLPostgresConfiguration(url: $0).coreConfiguration,
                    channels: Composition.noticeChannels
                )
            }
            if let listener {
                listener.start(app)
                for _ in 0..<200 where !listener.loop.isListening(to: RealtimeHub.channel) { try await Task.sleep(for: .milliseconds(25)) }
                #expect(listener.loop.isListening(to: RealtimeHub.channel))
            }
            let port = try await Self.serve(app)
            let tablet = try await Listener.open(port, token: fixtures.child.token, on: app)
            let planner = try await Listener.open(port, token: fixtures.planner.token, on: app)
            let stranger = try await Listener.open(port, token: fixtures.stranger.token, on: app)
            #expect(app.realtime.count == 3)

            let made = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Swimming", "start": "2026-11-20T16:00"]
            )
            #expect(made.status == .created)
            let news = Self.planNews(fixtures.child.id)
            #expect(try await tablet.wait { $0.contains(news) })
            #expect(try await planner.wait { $0.contains(news) })
            // The stranger hears of their own users only; a refused change is no news.
            let refused = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/activities",
                token: fixtures.viewer.token,
                json: ["title": "Nope", "start": "2026-11-20T16:00"]
            )
            #expect(refused.status == .forbidden)
            try await Task.sleep(for: .milliseconds(200))
            #expect(stranger.messages == [#"{"type":"hello"}"#])
            #expect(tablet.messages.filter { $0 == news }.count == 1)

            // A removed planner hears nothing more.
            let removed = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(removed.status == .noContent)
            _ = try await context.client.send(
                .PATCH,
                "/api/v1/users/\(fixtures.child.id)/activities/\(made["id"] ?? "")",
                token: fixtures.guardian.token,
                json: ["title": "Swimming!"]
            )
            #expect(try await tablet.wait { $0.filter { $0 == news }.count == 2 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(planner.messages.filter { $0 == news }.count == 1)
            await listener?.shutdownAsync(app)
            await Self.stop(app)
        }
    }

    @Test func aSocketEndsWithItsSession() async throws {
        try await withApp { context in
            let app = context.app
            let fixtures = try await Fixtures.make(context)
            let port = try await Self.serve(app)
            let token = try await context.client.login("gina@example.org")
            let guardian = try await Listener.open(port, token: token, on: app)
            let tablet = try await Listener.open(port, token: fixtures.child.token, on: app)
            try await app.realtime.revalidate(db: app.db, config: app.config, now: context.clock.now)
            #expect(!guardian.isClosed && app.realtime.count == 2)
            #expect(try await context.client.post("/api/v1/auth/logout", token: token).status == .noContent)
            try await app.realtime.revalidate(db: app.db, config: app.config, now: context.clock.now)
            #expect(try await guardian.wait { _ in guardian.isClosed })
            #expect(!tablet.isClosed && app.realtime.count == 1)
            await Self.stop(app)
        }
    }

    @Test func childModeAndPairedDevicesEndWithThePlannerAndTheirSocketsCloseAtOnce() async throws {
        try await withApp { context in
            let app = context.app
            let fixtures = try await Fixtures.make(context)
            // On PostgreSQL the closing goes round through NOTIFY, as between instances.
            let listener = try TestDatabase.postgresURL.map {
                NoticeListener(
                    configuration: try SQLPostgresConfiguration(url: $0).coreConfiguration,
                    channels: Composition.noticeChannels
                )
            }
            if let listener {
                listener.start(app)
                for _ in 0..<200 where !listener.loop.isListening(to: RealtimeHub.channel) { try await Task.sleep(for: .milliseconds(25)) }
            }
            let port = try await Self.serve(app)
            // Paul, a planner, hands his phone to Ida and pairs her a tablet.
            let phone = try await context.client.login("paul@example.org")
            _ = try await context.client.send(
                .PUT,
                "/api/v1/me/child-mode-pin",
                token: phone,
                json: ["pin": "1357", "password": Fixtures.password]
            )
            #expect(try await context.client.post("/api/v1/me/child-mode", token: phone, json: ["userId": "\(fixtures.child.id)"]).status == .ok)
            let code = try await context.client.post("/api/v1/users/\(fixtures.child.id)/pairing-codes", token: fixtures.planner.token)
            let tablet = try await context.client.post("/api/v1/auth/pair", json: ["code": code["code"] ?? "", "deviceName": "Tablet"])
            let tabletToken = try #require(tablet["token"])
            let phoneSocket = try await Listener.open(port, token: phone, on: app)
            let tabletSocket = try await Listener.open(port, token: tabletToken, on: app)
            let guardianTablet = try await Listener.open(port, token: fixtures.child.token, on: app)

            let removed = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(removed.status == .noContent)
            // At once, without waiting for the periodic check of sockets.
            #expect(try await phoneSocket.wait { _ in phoneSocket.isClosed })
            #expect(try await tabletSocket.wait { _ in tabletSocket.isClosed })
            #expect(phoneSocket.closeCode == RealtimeHub.sessionEnded && tabletSocket.closeCode == RealtimeHub.sessionEnded)
            #expect(try await context.client.get("/api/v1/me", token: phone).status == .unauthorized)
            #expect(try await context.client.get("/api/v1/me", token: tabletToken).status == .unauthorized)
            // The guardian's own pairing of Ida's iPad is not Paul's to end.
            #expect(!guardianTablet.isClosed)
            #expect(try await context.client.get("/api/v1/me", token: fixtures.child.token).status == .ok)
            await listener?.shutdownAsync(app)
            await Self.stop(app)
        }
    }

    @Test func onlyASignedInWebSocketFromOurOwnOriginIsAccepted() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let upgrade = [("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13")]
            let plain = try await context.client.get("/api/v1/realtime", token: fixtures.guardian.token)
            #expect(plain.status == .upgradeRequired && plain.isProblem)
            let anonymous = try await context.client.send(.GET, "/api/v1/realtime", headers: upgrade)
            #expect(anonymous.status == .unauthorized)
            let foreign = try await context.client.send(
                .GET,
                "/api/v1/realtime",
                token: fixtures.guardian.token,
                headers: upgrade + [("Origin", "https://evil.example")]
            )
            #expect(foreign.status == .forbidden && foreign.isProblem)
            let cookieWithoutOrigin = try await context.client.send(
                .GET,
                "/api/v1/realtime",
                headers: upgrade + [("Cookie", "\(SessionCookie.name)=\(fixtures.guardian.token)")]
            )
            #expect(cookieWithoutOrigin.status == .forbidden)
        }
    }

    @Test func oneSessionHoldsAtMost16SocketsEvenWhen30OpenAtOnce() async throws {
        try await withApp { context in
            let app = context.app
            let fixtures = try await Fixtures.make(context)
            let port = try await Self.serve(app)
            let sockets = NIOLockedValueBox<[WebSocket]>([])
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        // Refused before the upgrade (429), or closed at once after it.
                        try? await WebSocket.connect(
                            to: "ws://127.0.0.1:\(port)/api/v1/realtime",
                            headers: ["Authorization": "Bearer \(fixtures.guardian.token)"],
                            on: app.eventLoopGroup
                        ) { socket in sockets.withLockedValue { $0.append(socket) } }
                    }
                }
            }
            #expect(app.realtime.count == RealtimeHub.maxPerSession)
            let deadline = ContinuousClock.now + .seconds(10)
            while sockets.withLockedValue({ $0.filter { !$0.isClosed }.count }) > RealtimeHub.maxPerSession,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(sockets.withLockedValue { $0.filter { !$0.isClosed }.count } == RealtimeHub.maxPerSession)
            let upgrade = [("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13")]
            let more = try await context.client.send(.GET, "/api/v1/realtime", token: fixtures.guardian.token, headers: upgrade)
            #expect(more.status == .tooManyRequests && more.isProblem && more.headers.first(name: .retryAfter) == "60")
            // Another session of the same person still has room.
            let other = try await context.client.login("gina@example.org")
            _ = try await Listener.open(port, token: other, on: app)
            #expect(app.realtime.count == RealtimeHub.maxPerSession + 1)
            await Self.stop(app)
        }
    }
}
