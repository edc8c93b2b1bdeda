import Fluent
import SQLKit

/// The first access log: one hash chain with a head row every entry updated. Replaced by
/// `UpdateAccessLogKeyedChain`; kept so that databases are built by the same steps.
struct CreateAccessLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("access_log")
            .id()
            .field("seq", .int, .required)
            .field("at", .datetime, .required)
            .field("actor_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("actor_digest", .string, .required)
            .field("actor_role", .string, .required)
            .field("subject_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("action", .string, .required)
            .field("route", .string, .required)
            .field("ip", .string)
            .field("platform", .string)
            .field("previous_hash", .string, .required)
            .field("content_hash", .string, .required)
            .field("hash", .string, .required)
            .field("redacted", .bool, .required)
            .unique(on: "seq")
            .create()
        try await database.schema("access_log_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.insert(into: "access_log_head").columns("id", "seq", "hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(String(repeating: "0", count: 64))).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("access_log_head").delete()
        try await database.schema("access_log").delete()
    }
}
