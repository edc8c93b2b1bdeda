import Fluent
import SQLKit

/// Conversations, their messages and pictures, and the members' read receipts.
struct CreateConversations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Conversation.schema)
            .id()
            .field("circle_user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("member_a", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("member_b", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("pair_key", .string, .required)
            .field("last_seq", .int, .required)
            .field("viewers_may_write", .bool, .required)
            .field("shares_history", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "circle_user_id", "pair_key")
            .create()
        try await database.schema(ChatMessage.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("sender_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("client_key", .string)
            .field("text", .string)
            .field("sent_at", .datetime, .required)
            .field("edited_at", .datetime)
            .field("deleted_at", .datetime)
            .unique(on: "conversation_id", "seq")
            .unique(on: "conversation_id", "sender_id", "client_key")
            .create()
        try await database.schema(ChatMessagePicture.schema)
            .id()
            .field("message_id", .uuid, .required, .references(ChatMessage.schema, "id", onDelete: .cascade))
            .field("picture_id", .uuid, .required, .references(Picture.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .unique(on: "picture_id")
            .create()
        try await database.schema(ConversationRead.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("last_read_seq", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "conversation_id", "user_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in [
            (Conversation.schema, "member_a"), (Conversation.schema, "member_b"),
            (ChatMessage.schema, "sender_id"), (ChatMessagePicture.schema, "message_id"),
            (ConversationRead.schema, "user_id"),
        ] {
            try await sql.create(index: "idx_\(table)_\(column)").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [ConversationRead.schema, ChatMessagePicture.schema, ChatMessage.schema, Conversation.schema] {
            try await database.schema(schema).delete()
        }
    }
}
