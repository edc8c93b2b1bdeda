import Fluent
import SQLKit

/// The daily summary a planner may ask for, the service news a person may unsubscribe from, and
/// the unsubscribe token a service notice carries (stored as its SHA-256).
struct UpdateNoticesAddSummaryAndNews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await database.schema(NoticeSettings.schema).field("daily_summary", .bool, .required, .sql(.default(false))).update()
        try await database.schema(NoticeSettings.schema).field("service_news", .bool, .required, .sql(.default(true))).update()
        try await database.schema(NoticeSettings.schema).field("summary_sent_on", .string).update()
        try await database.schema(Notice.schema).field("unsubscribe_hash", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_notices_unsubscribe").on(Notice.schema).column("unsubscribe_hash").run()
        try await sql.create(index: "idx_notice_settings_summary").on(NoticeSettings.schema).column("daily_summary")
            .column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_notice_settings_summary").run()
        try await sql.drop(index: "idx_notices_unsubscribe").run()
        try await database.schema(Notice.schema).deleteField("unsubscribe_hash").update()
        for field in ["summary_sent_on", "service_news", "daily_summary"] {
            try await database.schema(NoticeSettings.schema).deleteField(.key(.init(stringLiteral: field))).update()
        }
    }
}
