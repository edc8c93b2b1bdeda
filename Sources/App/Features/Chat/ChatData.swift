import Fluent
import Foundation

/// The personal data of chat: the conversations of a person's circle and their direct ones, the
/// messages they sent, and how far they have read.
enum ChatData {
    static let declarations = [
        PersonalDataDeclaration(
            table: ConversationRead.schema,
            category: .messages,
            columns: [("user_id", .deleteRow)],
            retention: "while the person is in the conversation, or with the account"
        ),
        PersonalDataDeclaration(
            table: ChatMessage.schema,
            category: .messages,
            columns: [("sender_id", .setNullClearing(["text", "client_key"]))],
            retention: "until deleted by the sender, or with the conversation; an erased sender's messages keep "
                + "only a deleted marker in the others' conversations"
        ),
        PersonalDataDeclaration(
            table: Conversation.schema,
            category: .messages,
            columns: [("circle_user_id", .deleteRow), ("member_a", .deleteRow), ("member_b", .deleteRow)],
            retention: "with the account of the person whose circle it is, or of either person of a direct one"
        ),
    ]

    struct Record: Encodable, Sendable {
        let id: UUID
        let conversationId: UUID
        /// "circle" or "direct".
        let conversation: String
        /// Whose circle.
        let circleOf: String
        /// The other person of a direct conversation.
        @NullEncoded var with: String?
        let seq: Int
        @NullEncoded var text: String?
        let pictureIds: [UUID]
        let sentAt: Date
        @NullEncoded var editedAt: Date?
        @NullEncoded var deletedAt: Date?
    }

    static let pageSize = 500

    /// The messages the person sent, oldest first, a page at a time.
    static func sent(by id: UUID, on db: any Database, after: (Date, UUID)?) async throws -> [Record] {
        let query = ChatMessage.query(on: db).filter(\.$sender.$id == id)
            .with(\.$conversation) { $0.with(\.$circleUser).with(\.$memberA).with(\.$memberB) }
            .with(\.$pictures).sort(\.$sentAt).sort(\.$id)
        if let (at, last) = after {
            query.group(.or) { later in
                later.filter(\.$sentAt > at)
                later.group(.and) { $0.filter(\.$sentAt == at).filter(\.$id > last) }
            }
        }
        return try await query.limit(pageSize).all().map { message in
            let conversation = message.conversation
            let other = [conversation.memberA, conversation.memberB].compactMap { $0 }.first { $0.id != id }
            return Record(
                id: try message.requireID(),
                conversationId: try conversation.requireID(),
                conversation: conversation.kind.rawValue,
                circleOf: conversation.circleUser.name,
                with: other?.name,
                seq: message.seq,
                text: message.text,
                pictureIds: message.pictures.sorted { $0.position < $1.position }.map { $0.$picture.id },
                sentAt: message.sentAt,
                editedAt: message.editedAt,
                deletedAt: message.deletedAt
            )
        }
    }

    /// The dashboard shows the newest page; the export holds them all.
    static let readers: [DataCategory: CategoryReader] = [
        .messages: { db, id in
            let count = try await ChatMessage.query(on: db).filter(\.$sender.$id == id).count()
            guard count > pageSize else { return try await sent(by: id, on: db, after: nil) }
            let newest = try await ChatMessage.query(on: db).filter(\.$sender.$id == id)
                .sort(\.$sentAt, .descending).sort(\.$id, .descending).offset(pageSize).first()
            return try await sent(by: id, on: db, after: newest.map { ($0.sentAt, try $0.requireID()) })
        }
    ]

    static let streamers: [DataCategory: CategoryStreamer] = [
        .messages: { db, id, emit in
            var after: (Date, UUID)?
            while true {
                let page = try await sent(by: id, on: db, after: after)
                guard let last = page.last else { return }
                try emit(page)
                after = (last.sentAt, last.id)
            }
        }
    ]

}
