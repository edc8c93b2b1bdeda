import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// The messages of a conversation: the history, sending with the sender's own key (a repeated
/// send answers the first), editing and deleting one's own, read receipts, and pictures.
struct MessagesController {
    func boot(_ routes: any RoutesBuilder) {
        let conversation = routes.grouped("conversations", ":conversationId")
        conversation.get("messages", use: history)
        conversation.post("messages", use: send).leavingAccessAlone()
        conversation.patch("messages", ":messageId", use: edit)
        conversation.delete("messages", ":messageId", use: delete)
        conversation.put("read", use: read).leavingAccessAlone()
        conversation.on(
            .POST,
            "pictures",
            body: .collect(maxSize: ByteCount(value: PicturesController.maxUpload + (64 << 10))),
            use: uploadPicture
        )
    }

    /// `?after=` the messages after a number, oldest first; `?before=` those before one; neither:
    /// the newest. `next` continues in the same direction.
    func history(req: Request) async throws -> Page<MessageDTO> {
        let granted = try await ChatAccess(request: req).authorize(.read)
        let values = req.queryValues(MessageWindowQuery.self)
        let window = try MessageRules.Window(after: values.after, before: values.before, limit: values.limit)
        let queries = ChatQueries(db: req.db)
        let query = try queries.visible(in: granted.conversation.requireID(), readsFrom: granted.readsFrom)
        var rows: [ChatMessage]
        var more: Bool
        switch window.direction {
        case .after(let seq):
            rows = try await query.filter(\.$seq > seq).sort(\.$seq).limit(window.limit + 1).all()
            more = rows.count > window.limit
            rows = Array(rows.prefix(window.limit))
        case .before, .newest:
            if case .before(let seq) = window.direction { query.filter(\.$seq < seq) }
            rows = try await query.sort(\.$seq, .descending).limit(window.limit + 1).all()
            more = rows.count > window.limit
            rows = Array(rows.prefix(window.limit).reversed())
        }
        let next: Int? =
            switch window.direction {
            case .after: more ? rows.last?.seq : nil
            case .before, .newest: more ? rows.first?.seq : nil
            }
        return Page(items: try await queries.messages(rows, for: granted.principal.userID), next: next.map(String.init))
    }

    func send(req: Request) async throws -> Response {
        let granted = try await ChatAccess(request: req).authorize(.write)
        let body = try req.decode(SendMessageRequest.self)
        try MessageRules.clientKey(body.clientKey)
        let text = try MessageRules.text(body.text)
        let pictures = body.pictureIds ?? []
        guard pictures.count <= MessageRules.maxPictures, Set(pictures).count == pictures.count else {
            throw Problem.invalid("pictureIds", "may name at most \(MessageRules.maxPictures) different pictures")
        }
        guard text != nil || !pictures.isEmpty else {
            throw Problem.invalid("text", "write something or add a picture")
        }
        let sending = MessageSending(request: req, granted: granted)
        // A repeated send with pictures would find them sent already: its first send answers.
        if !pictures.isEmpty, let earlier = try await sending.earlier(key: body.clientKey) {
            return try await sending.answer(earlier, status: .ok)
        }
        let refs = try await sending.checkPictures(pictures)
        switch try await sending.store(key: body.clientKey, text: text, pictures: pictures) {
        case .earlier(let earlier):
            return try await sending.answer(earlier, status: .ok)
        case .new(let message):
            let dto = try sending.new(message, pictures: refs)
            await req.application.chat.publish(
                .message(conversation: message.$conversation.id, seq: message.seq),
                message: dto,
                app: req.application
            )
            return try await dto.encodeResponse(status: .created, for: req)
        }
    }

    /// Changes the text of one's own message.
    func edit(req: Request) async throws -> MessageDTO {
        let granted = try await ChatAccess(request: req).authorize(.write)
        let message = try await ownMessage(req, granted)
        let body = try req.decode(EditMessageRequest.self)
        guard !message.isDeleted else { throw Problem.conflict("This message was deleted.") }
        let text = try MessageRules.text(body.text)
        let pictures = try await message.$pictures.query(on: req.db).count()
        guard text != nil || pictures > 0 else {
            throw Problem.invalid("text", "write something, or delete the message")
        }
        message.text = text
        message.editedAt = req.now
        try await message.save(on: req.db)
        await req.application.chat.publish(
            .changed(conversation: message.$conversation.id, message: try message.requireID()),
            app: req.application
        )
        return try await ChatQueries(db: req.db).messages([message], for: granted.principal.userID)[0]
    }

    /// Deletes one's own message: its number stays with a "deleted" marker, its text and
    /// pictures go.
    func delete(req: Request) async throws -> HTTPStatus {
        let granted = try await ChatAccess(request: req).authorize(.read)
        let message = try await ownMessage(req, granted)
        guard !message.isDeleted else { return .noContent }
        let pictures = try await message.$pictures.query(on: req.db).with(\.$picture).all().map(\.picture)
        message.text = nil
        message.deletedAt = req.now
        try await message.save(on: req.db)
        for picture in pictures { try await PictureService(request: req).delete(picture) }
        await req.application.chat.publish(
            .changed(conversation: message.$conversation.id, message: try message.requireID()),
            app: req.application
        )
        return .noContent
    }

    /// The caller has read up to `seq`: a receipt never goes back.
    func read(req: Request) async throws -> ReadReceiptDTO {
        let granted = try await ChatAccess(request: req).authorize(.read)
        let body = try req.decode(ReadReceiptRequest.self)
        let id = try granted.conversation.requireID()
        // The conversation may come from the access cache, whose number may lag behind the newest.
        var lastSeq = granted.conversation.lastSeq
        if body.seq > lastSeq { lastSeq = try await Conversation.find(id, on: req.db)?.lastSeq ?? lastSeq }
        guard (0...lastSeq).contains(body.seq) else {
            throw Problem.invalid("seq", "must be a message number from 0 to \(lastSeq)")
        }
        let caller = granted.principal.userID
        let kept = try await req.db.writeTransaction { db -> Int in
            guard let sql = db as? any SQLDatabase else { return body.seq }
            return try await sql.raw(
                """
                INSERT INTO conversation_reads (id, conversation_id, user_id, last_read_seq, updated_at)
                VALUES (\(bind: UUID()), \(bind: id), \(bind: caller), \(bind: body.seq), \(bind: req.now))
                ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                    last_read_seq = CASE WHEN excluded.last_read_seq > conversation_reads.last_read_seq
                        THEN excluded.last_read_seq ELSE conversation_reads.last_read_seq END,
                    updated_at = excluded.updated_at
                RETURNING last_read_seq
                """
            ).first()?.decode(column: "last_read_seq", as: Int.self) ?? body.seq
        }
        await req.application.chat.publish(.read(conversation: id, user: caller, seq: kept), app: req.application)
        let unread = try await ChatQueries(db: req.db)
            .unread(in: id, after: kept, for: caller, readsFrom: granted.readsFrom)
        return ReadReceiptDTO(conversationId: id, lastReadSeq: kept, unreadCount: unread)
    }

    /// A picture for a message to come, seen by the conversation's members alone.
    func uploadPicture(req: Request) async throws -> Response {
        let granted = try await ChatAccess(request: req).authorize(.write)
        let data = try PicturesController.file(in: req)
        guard !data.isEmpty else { throw Problem.invalid("file", "is empty") }
        guard data.count <= PicturesController.maxUpload else {
            throw Problem(.payloadTooLarge, detail: "A picture may be at most 20 MB.")
        }
        let caller = granted.principal.userID
        guard let sender = try await User.find(caller, on: req.db) else { throw Problem.notFound() }
        let names = try await ChatQueries(db: req.db).members(of: granted.conversation).map(\.name)
        return try await PicturesController.respond(
            to: req,
            PictureService(request: req).storeGuarded(
                data,
                for: sender,
                by: caller,
                scope: PictureScopes.scope(ChatFeature.pictureScope, try granted.conversation.requireID()),
                names: names
            )
        )
    }

    private func ownMessage(_ req: Request, _ granted: ChatAccess.Granted) async throws -> ChatMessage {
        let id = try req.id("messageId")
        guard
            let message = try await ChatMessage.query(on: req.db).filter(\.$id == id)
                .filter(\.$conversation.$id == granted.conversation.requireID()).first()
        else { throw Problem.notFound() }
        if let readsFrom = granted.readsFrom, message.sentAt < readsFrom { throw Problem.notFound() }
        guard message.$sender.id == granted.principal.userID else {
            throw Problem.forbidden("Only the one who sent a message changes or deletes it.")
        }
        return message
    }
}
