import Fluent
import SQLKit

/// The outbox of mails to people, and how each person wants to be told.
struct CreateNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Notice.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("leased_by", .string)
            .field("lease_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "key")
            .create()
        try await database.schema(NoticeSettings.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("escalation_mail", .bool, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            "CREATE INDEX idx_notices_waiting ON notices (next_attempt_at) WHERE status IN ('queued', 'sending')"
        ).run()
        try await sql.create(index: "idx_notices_recipient").on(Notice.schema).column("recipient_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeSettings.schema).delete()
        try await database.schema(Notice.schema).delete()
    }
}
