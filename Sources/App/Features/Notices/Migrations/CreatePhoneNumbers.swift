import Fluent
import SQLKit

/// Phone numbers for text messages, the channel of each notice (mail or SMS), and the number a
/// code goes to before it is proved; the choice of an escalation by SMS.
struct CreatePhoneNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PhoneNumber.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("number", .string, .required)
            .field("verified_at", .datetime)
            .field("code_hash", .string)
            .field("code_expires_at", .datetime)
            .field("code_tries", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        // One column a statement: SQLite adds one at a time.
        try await database.schema(Notice.schema).field("channel", .string, .required, .sql(.default("mail"))).update()
        try await database.schema(Notice.schema).field("address", .string).update()
        try await database.schema(NoticeSettings.schema).field("escalation_sms", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NoticeSettings.schema).deleteField("escalation_sms").update()
        try await database.schema(Notice.schema).deleteField("address").update()
        try await database.schema(Notice.schema).deleteField("channel").update()
        try await database.schema(PhoneNumber.schema).delete()
    }
}
