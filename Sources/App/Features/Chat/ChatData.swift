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

    /// Where a page of the messages the person sent ends: a conversation and a message number in
    /// it, both exact (a time read back from the database may not compare equal to itself).
    typealias Cursor = (conversation: UUID, seq: Int)

    /// The messages the person sent, conversation by conversation, each in order, a page at a time.
    static func sent(by id: UUID, on db: any Database, after: Cursor?) async throws -> [Record] {
        let query = sent(by: id, on: db).sort(\.$conversation.$id).sort(\.$seq)
        if let after {
            query.group(.or) { later in
                later.filter(\.$conversation.$id > after.conversation)
                later.group(.and) { $0.filter(\.$conversation.$id == after.conversation).filter(\.$seq > after.seq) }
            }
        }
        return try records(try await query.limit(pageSize).all(), sentBy: id)
    }

    private static func sent(by id: UUID, on db: any Database) -> QueryBuilder<ChatMessage> {
        ChatMessage.query(on: db).filter(\.$sender.$id == id)
            .with(\.$conversation) { $0.with(\.$circleUser).with(\.$memberA).with(\.$memberB) }
            .with(\.$pictures)
    }

    private static func records(_ messages: [ChatMessage], sentBy id: UUID) throws -> [Record] {
        try messages.map { message in
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

    /// The dashboard shows the newest page, oldest first; the export holds them all.
    static let readers: [DataCategory: CategoryReader] = [
        .messages: { db, id in
            let newest = try await sent(by: id, on: db).sort(\.$sentAt, .descending).sort(\.$id, .descending)
                .limit(pageSize).all()
            return try records(newest.reversed(), sentBy: id)
        }
    ]

    static let streamers: [DataCategory: CategoryStreamer] = [
        .messages: { db, id, emit in
            var after: Cursor?
            while true {
                let page = try await sent(by: id, on: db, after: after)
                guard let last = page.last else { return }
                try emit(page)
                after = (last.conversationId, last.seq)
            }
        }
    ]

}
