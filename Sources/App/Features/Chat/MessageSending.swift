import Fluent
import SQLKit
import Vapor

/// Stores a message under the next number of its conversation. The number is taken by one
/// statement inside the transaction that stores the message, so numbers never skip (a failed
/// store takes its number back) and never repeat, on every instance. The sender's key makes a
/// repeated send answer the first.
struct MessageSending {
    let request: Request
    let granted: ChatAccess.Granted

    private var db: any Database { request.db }
    private var sender: UUID { granted.principal.userID }

    /// The message this sender already sent with this key.
    func earlier(key: String) async throws -> ChatMessage? {
        try await ChatMessage.query(on: db).filter(\.$conversation.$id == granted.conversation.requireID())
            .filter(\.$sender.$id == sender).filter(\.$clientKey == key).first()
    }

    /// Each picture is one the sender added to this conversation and sent in no message yet.
    func checkPictures(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        let scope = PictureScopes.scope(ChatFeature.pictureScope, try granted.conversation.requireID())
        let theirs = try await Picture.query(on: db).filter(\.$id ~~ ids).filter(\.$user.$id == sender)
            .filter(\.$scope == scope).count()
        let sent = try await ChatMessagePicture.query(on: db).filter(\.$picture.$id ~~ ids).count()
        guard theirs == ids.count, sent == 0 else {
            throw Problem.invalid("pictureIds", "name pictures you added to this conversation and have not sent yet")
        }
    }

    /// Stores the message; answers it and whether it is new (false: sent before with this key).
    func store(key: String, text: String?, pictures: [UUID]) async throws -> (ChatMessage, Bool) {
        let limit = request.application.config.chatMessagesPerMinute
        let conversationID = try granted.conversation.requireID()
        let message = ChatMessage()
        message.$conversation.id = conversationID
        message.$sender.id = sender
        message.clientKey = key
        message.text = text
        message.sentAt = request.now
        do {
            try await db.writeTransaction { db in
                guard let sql = db as? any SQLDatabase else { return }
                // Counted with the message, in its one commit: a refused message is not counted.
                if let wait = try await RateWindow.count("chat:\(sender)", limit: limit, per: 60, at: request.now, on: db) {
                    throw Problem.rateLimited(
                        retryAfter: wait,
                        "You have sent many messages in a short time. Wait a moment, then send again."
                    )
                }
                let row = try await sql.raw(
                    """
                    UPDATE conversations SET last_seq = last_seq + 1 WHERE id = \(bind: conversationID)
                    RETURNING last_seq
                    """
                ).first()
                guard let seq = try row?.decode(column: "last_seq", as: Int.self) else { throw Problem.notFound() }
                message.seq = seq
                try await message.create(on: db)
                for (position, picture) in pictures.enumerated() {
                    try await ChatMessagePicture(message: message.requireID(), picture: picture, position: position)
                        .create(on: db)
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same key sent at the same moment: the first one stored is the answer.
            if let first = try await earlier(key: key) { return (first, false) }
            throw Problem.conflict("A picture of this message was sent in another one meanwhile.")
        }
        granted.conversation.lastSeq = message.seq
        return (message, true)
    }

    func answer(_ message: ChatMessage, status: HTTPStatus) async throws -> Response {
        let dto = try await ChatQueries(db: db).messages([message], for: sender)[0]
        return try await dto.encodeResponse(status: status, for: request)
    }
}
