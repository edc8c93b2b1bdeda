import Fluent
import MobilizeCore

struct CreateAccessLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessLogEntry.schema)
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
        try await database.schema(AccessLogHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        try await AccessLogHead(id: 1, seq: 0, hash: AuditChain.genesis).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessLogHead.schema).delete()
        try await database.schema(AccessLogEntry.schema).delete()
    }
}
