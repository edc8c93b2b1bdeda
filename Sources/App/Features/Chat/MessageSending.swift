import Fluent
import SQLKit
import Vapor

/// Stores a message under the next number of its conversation. The number is taken by one
/// statement inside the transaction that stores the message, so numbers never skip (a failed
/// store takes its number back) and never repeat, on every instance. The sender's key makes a
/// repeated send answer the first: the store meets the key's unique index and answers the
/// message stored with it.
struct MessageSending {
    let request: Request
    let granted: ChatAccess.Granted

    enum Stored {
        case new(ChatMessage)
        /// Sent before with the same key.
        case earlier(ChatMessage)
    }

    private var db: any Database { request.db }
    private var sender: UUID { granted.principal.userID }

    /// The message this sender already sent with this key.
    func earlier(key: String) async throws -> ChatMessage? {
        try await ChatMessage.query(on: db).filter(\.$conversation.$id == granted.conversation.requireID())
            .filter(\.$sender.$id == sender).filter(\.$clientKey == key).first()
    }

    /// Each picture is one the sender added to this conversation and sent in no message yet;
    /// answers them in the order named.
    func checkPictures(_ ids: [UUID]) async throws -> [MessageDTO.PictureRef] {
        guard !ids.isEmpty else { return [] }
        let scope = PictureScopes.scope(ChatFeature.pictureScope, try granted.conversation.requireID())
        let theirs = try await Picture.query(on: db).filter(\.$id ~~ ids).filter(\.$user.$id == sender)
            .filter(\.$scope == scope).all()
        let sent = try await ChatMessagePicture.query(on: db).filter(\.$picture.$id ~~ ids).count()
        guard theirs.count == ids.count, sent == 0 else {
            throw Problem.invalid("pictureIds", "name pictures you added to this conversation and have not sent yet")
        }
        let byID = Dictionary(uniqueKeysWithValues: try theirs.map { (try $0.requireID(), $0) })
        return ids.compactMap { id in byID[id].map { .init(id: id, width: $0.width, height: $0.height) } }
    }

    /// Stores the message in one transaction: its number, the message, its pictures, and the
    /// sender's count of messages this minute (a message refused, or sent before, is not counted).
    func store(key: String, text: String?, pictures: [UUID]) async throws -> Stored {
        let limit = request.application.config.chatMessagesPerMinute
        let conversationID = try granted.conversation.requireID()
        let message = ChatMessage()
        message.id = UUID()
        message.$conversation.id = conversationID
        message.$sender.id = sender
        message.clientKey = key
        message.text = text
        message.sentAt = request.now
        do {
            try await db.writeTransaction { [sender, now = request.now] db in
                guard let sql = db as? any SQLDatabase else { return }
                let row = try await sql.direct(
                    """
                    UPDATE conversations SET last_seq = last_seq + 1 WHERE id = \(bind: conversationID)
                    RETURNING last_seq
                    """
                ).first
                guard let seq = try row?.decode(column: "last_seq", as: Int.self) else { throw Problem.notFound() }
                message.seq = seq
                // Written by column: the hot path of chat, without the model's reflection.
                try await sql.direct(
                    """
                    INSERT INTO chat_messages (id, conversation_id, seq, sender_id, client_key, text, sent_at)
                    VALUES (\(bind: message.id), \(bind: conversationID), \(bind: seq), \(bind: sender), \(bind: key),
                        \(bind: text), \(bind: now))
                    """
                )
                for (position, picture) in pictures.enumerated() {
                    try await ChatMessagePicture(message: message.requireID(), picture: picture, position: position)
                        .create(on: db)
                }
                if let wait = try await RateWindow.count("chat:\(sender)", limit: limit, per: 60, at: now, on: db) {
                    throw Problem.rateLimited(
                        retryAfter: wait,
                        "You have sent many messages in a short time. Wait a moment, then send again."
                    )
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same key sent before, or at the same moment: the first one stored is the answer.
            if let first = try await earlier(key: key) { return .earlier(first) }
            throw Problem.conflict("A picture of this message was sent in another one meanwhile.")
        }
        return .new(message)
    }

    /// A message just stored, as its members see it: made from what the send knows, not read back.
    func new(_ message: ChatMessage, pictures: [MessageDTO.PictureRef]) throws -> MessageDTO {
        MessageDTO(
            id: try message.requireID(),
            conversationId: message.$conversation.id,
            seq: message.seq,
            senderId: sender,
            senderName: granted.principal.user.name,
            text: message.text,
            pictures: pictures,
            sentAt: message.sentAt,
            editedAt: nil,
            deleted: false,
            clientKey: message.clientKey
        )
    }

    func answer(_ message: ChatMessage, status: HTTPStatus) async throws -> Response {
        let dto = try await ChatQueries(db: db).messages([message], for: sender)[0]
        return try await dto.encodeResponse(status: status, for: request)
    }
}
