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

    /// Tells the news to every instance once the change is committed. A new message travels with
    /// it when it fits in a notice, so no instance reads it again.
    func publish(_ news: News, message: MessageDTO? = nil, app: Application) async {
        guard let broadcast else {
            await deliver(news, prepared: message.flatMap { try? PreparedMessage($0) }, app: app)
            return
        }
        await broadcast(ChatHubNotice(news: news, message: message).payload)
    }

    func resync() {
        for subscriber in lock.withLock({ Array(subscribers.values) }) { subscriber.enqueue(.resync) }
    }

    /// Delivers a notice from any instance (this one included).
    func deliver(payload: String, app: Application) async {
        guard let notice = ChatHubNotice(payload: payload) else { return }
        await deliver(notice.news, prepared: notice.message.flatMap { try? PreparedMessage($0) }, app: app)
    }

    /// Delivers one piece of news to this instance's sockets of the conversation's members.
    func deliver(_ news: News, prepared given: PreparedMessage?, app: Application) async {
        let open = lock.withLock { Array(subscribers.values) }
        guard !open.isEmpty else { return }
        // Kept in the access cache: whoever may change who reads a conversation empties it.
        guard
            let audience = try? await app.accessCache.derived(AudienceKey(conversation: news.conversation), at: app.clock.now, make: {
                try await Self.audience(of: news.conversation, on: app.db)
            })
        else { return }
        var prepared = given
        if case .message(let c, let seq) = news, prepared == nil, open.contains(where: { audience[$0.userID] != nil }) {
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
        guard let dto = try await ChatQueries(db: db).messages([row], for: row.$sender.id ?? UUID()).first else {
            return nil
        }
        return try PreparedMessage(dto)
    }

    private struct AudienceKey: Hashable { let conversation: UUID }

    /// The people who read a conversation now, each with the moment they read from (nil: all):
    /// one statement, as every message asks it.
    static func audience(of conversationID: UUID, on db: any Database) async throws -> [UUID: Date?] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw(
            """
            SELECT c.kind, c.circle_user_id, c.member_a, c.member_b, s.shares_history, l.planner_id, l.created_at
            FROM conversations c
            LEFT JOIN conversations s ON s.circle_user_id = c.circle_user_id AND s.pair_key = 'circle'
            LEFT JOIN planner_links l ON l.user_id = c.circle_user_id
            WHERE c.id = \(bind: conversationID)
            """
        ).all()
        guard let first = rows.first else { return [:] }
        let circleUser = try first.decode(column: "circle_user_id", as: UUID.self)
        let isCircle = try first.decode(column: "kind", as: String.self) == Conversation.Kind.circle.rawValue
        let sharesHistory = try first.decode(column: "shares_history", as: Bool?.self) ?? false
        var circle: [UUID: Date?] = [circleUser: nil]
        for row in rows {
            guard let planner = try row.decode(column: "planner_id", as: UUID?.self) else { continue }
            circle[planner] = isCircle && !sharesHistory ? try row.decode(column: "created_at", as: Date.self) : nil
        }
        guard !isCircle else { return circle }
        let pair = try [first.decode(column: "member_a", as: UUID?.self), first.decode(column: "member_b", as: UUID?.self)]
        return circle.filter { pair.contains($0.key) }.mapValues { _ in nil }
    }
}

/// News as it travels between instances: the news, and a new message itself when it fits in a
/// PostgreSQL notice (under 8,000 bytes), written with exact times.
struct ChatHubNotice {
    let news: ChatHub.News
    let message: MessageDTO?

    static let maxBytes = 7_500

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    init(news: ChatHub.News, message: MessageDTO?) {
        self.news = news
        self.message = message
    }

    var payload: String {
        guard let message, let data = try? Self.encoder.encode(message) else { return news.payload }
        let payload = news.payload + "\n" + String(decoding: data, as: UTF8.self)
        return payload.utf8.count <= Self.maxBytes ? payload : news.payload
    }

    init?(payload: String) {
        let parts = payload.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let head = parts.first, let news = ChatHub.News(payload: String(head)) else { return nil }
        self.news = news
        self.message = parts.count == 2 ? try? Self.decoder.decode(MessageDTO.self, from: Data(parts[1].utf8)) : nil
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
