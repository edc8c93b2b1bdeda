import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOWebSocket
import SQLKit
import Vapor

/// The live side of chat: news of messages, edits, receipts and typing, told to the sockets of
/// the conversation's members now (a removed planner hears nothing more), on every instance.
/// News carries ids and numbers only; each socket's task reads the messages it may see.
final class ChatHub: @unchecked Sendable {
    static let channel = "mobilize_chat"

    static let noticeChannel = NoticeChannel(
        name: channel,
        listening: { $0.chat.resync() },
        notice: { app, payload in await app.chat.deliver(payload: payload, app: app) }
    )

    enum News: Equatable, Sendable {
        case message(conversation: UUID, seq: Int)
        case changed(conversation: UUID, message: UUID)
        case read(conversation: UUID, user: UUID, seq: Int)
        case typing(conversation: UUID, user: UUID)

        var payload: String {
            switch self {
            case .message(let c, let seq): "m:\(c.uuidString):\(seq)"
            case .changed(let c, let message): "c:\(c.uuidString):\(message.uuidString)"
            case .read(let c, let user, let seq): "r:\(c.uuidString):\(user.uuidString):\(seq)"
            case .typing(let c, let user): "t:\(c.uuidString):\(user.uuidString)"
            }
        }

        init?(payload: String) {
            let parts = payload.split(separator: ":").map(String.init)
            guard parts.count >= 3, let c = UUID(uuidString: parts[1]) else { return nil }
            switch (parts[0], parts.count) {
            case ("m", 3): guard let seq = Int(parts[2]) else { return nil }; self = .message(conversation: c, seq: seq)
            case ("c", 3): guard let m = UUID(uuidString: parts[2]) else { return nil }; self = .changed(conversation: c, message: m)
            case ("r", 4):
                guard let u = UUID(uuidString: parts[2]), let seq = Int(parts[3]) else { return nil }
                self = .read(conversation: c, user: u, seq: seq)
            case ("t", 3): guard let u = UUID(uuidString: parts[2]) else { return nil }; self = .typing(conversation: c, user: u)
            default: return nil
            }
        }

        var conversation: UUID {
            switch self {
            case .message(let c, _), .changed(let c, _), .read(let c, _, _), .typing(let c, _): c
            }
        }
    }

    private let lock = NIOLock()
    private var subscribers: [ObjectIdentifier: ChatSubscriber] = [:]
    /// Set on PostgreSQL: sends the news to every instance, this one included.
    var broadcast: (@Sendable (String) async -> Void)?

    var count: Int { lock.withLock { subscribers.count } }

    func subscriber(for socket: WebSocket, make: () -> ChatSubscriber) -> ChatSubscriber {
        lock.withLock {
            if let found = subscribers[ObjectIdentifier(socket)] { return found }
            let made = make()
            subscribers[ObjectIdentifier(socket)] = made
            return made
        }
    }

    func forget(_ socket: WebSocket) {
        lock.withLock { subscribers.removeValue(forKey: ObjectIdentifier(socket)) }?.stop()
    }

    /// Tells the news to every instance once the change is committed.
    func publish(_ news: News, app: Application) async {
        if let broadcast { await broadcast(news.payload) } else { await deliver(payload: news.payload, app: app) }
    }

    func resync() {
        for subscriber in lock.withLock({ Array(subscribers.values) }) { subscriber.enqueue(.resync) }
    }

    /// Delivers one piece of news to this instance's sockets of the conversation's members.
    func deliver(payload: String, app: Application) async {
        guard let news = News(payload: payload) else { return }
        let open = lock.withLock { Array(subscribers.values) }
        guard !open.isEmpty else { return }
        guard let audience = try? await Self.audience(of: news.conversation, on: app.db) else { return }
        var prepared: PreparedMessage?
        if case .message(let c, let seq) = news, open.contains(where: { audience[$0.userID] != nil }) {
            prepared = try? await Self.prepare(seq, in: c, on: app.db)
        }
        for subscriber in open {
            guard let readsFrom = audience[subscriber.userID] else { continue }
            switch news {
            case .message(let c, let seq):
                subscriber.enqueue(.message(conversation: c, seq: seq, readsFrom: readsFrom, prepared: prepared))
            case .changed(let c, let message):
                subscriber.enqueue(.changed(conversation: c, message: message, readsFrom: readsFrom))
            case .read(let c, let user, let seq):
                subscriber.enqueue(.frame(ChatFrames.read(conversation: c, user: user, seq: seq)))
            case .typing(let c, let user) where user != subscriber.userID:
                subscriber.enqueue(.frame(ChatFrames.typing(conversation: c, user: user)))
            case .typing:
                continue
            }
        }
    }

    /// Message `seq` of a conversation as its frames, read once for all of this instance's sockets.
    static func prepare(_ seq: Int, in conversation: UUID, on db: any Database) async throws -> PreparedMessage? {
        guard
            let row = try await ChatMessage.query(on: db).filter(\.$conversation.$id == conversation)
                .filter(\.$seq == seq).first()
        else { return nil }
        let sender = row.$sender.id
        guard var dto = try await ChatQueries(db: db).messages([row], for: sender ?? UUID()).first else { return nil }
        let forSender = try ChatFrames.message(dto)
        dto.clientKey = nil
        return PreparedMessage(sender: sender, sentAt: row.sentAt, forSender: forSender, forOthers: try ChatFrames.message(dto))
    }

    /// The people who read a conversation now, each with the moment they read from (nil: all).
    static func audience(of conversationID: UUID, on db: any Database) async throws -> [UUID: Date?] {
        guard let conversation = try await Conversation.find(conversationID, on: db) else { return [:] }
        let circleUser = conversation.$circleUser.id
        let links = try await PlannerLink.query(on: db).filter(\.$user.$id == circleUser).all()
        var circle: [UUID: Date?] = [circleUser: nil]
        let settings = try await ChatAccess.settings(of: circleUser, on: db, given: conversation)
        for link in links {
            circle[link.$planner.id] = conversation.kind == .circle && !settings.sharesHistory ? link.createdAt : nil
        }
        guard conversation.kind == .direct else { return circle }
        return circle.filter { conversation.pair.contains($0.key) }.mapValues { _ in nil }
    }
}

/// The frames chat sends, as JSON text.
enum ChatFrames {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    struct MessageFrame: Encodable {
        let type: String
        let message: MessageDTO
    }

    static func message(_ message: MessageDTO, changed: Bool = false) throws -> String {
        String(decoding: try encoder.encode(MessageFrame(type: changed ? "messageChanged" : "message", message: message)), as: UTF8.self)
    }

    static func object(_ fields: [String: any Sendable]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func read(conversation: UUID, user: UUID, seq: Int) -> String {
        object(["type": "read", "conversationId": conversation.uuidString, "userId": user.uuidString, "seq": seq])
    }

    static func typing(conversation: UUID, user: UUID) -> String {
        object(["type": "typing", "conversationId": conversation.uuidString, "userId": user.uuidString])
    }

    /// A conversation the client has not caught up on has news: it may ask for it.
    static func news(conversation: UUID, lastSeq: Int) -> String {
        object(["type": "conversation", "conversationId": conversation.uuidString, "lastSeq": lastSeq])
    }

    static let caughtUp = #"{"type":"caughtUp"}"#
}

extension Application {
    private struct ChatHubKey: StorageKey { typealias Value = ChatHub }

    /// Set once by `configure`, before any request.
    var chat: ChatHub {
        get {
            guard let hub = storage[ChatHubKey.self] else { fatalError("configure(_:) sets the chat hub") }
            return hub
        }
        set { storage[ChatHubKey.self] = newValue }
    }
}
