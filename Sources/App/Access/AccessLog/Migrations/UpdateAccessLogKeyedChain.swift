import Fluent
import Foundation
import SQLKit

/// The access log becomes a keyed chain sealed by a job: entries are written without touching
/// any shared row. Entries of the old chain are carried over to be sealed anew; those an erasure
/// had already emptied hold nothing and are left behind with the old tables.
struct UpdateAccessLogKeyedChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessLogEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("actor_role", .string)
            .field("subject_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("action", .string)
            .field("route", .string)
            .field("ip", .string)
            .field("platform", .string)
            .field("redacted", .string, .required)
            .field("seq", .int64)
            .field("previous_hash", .string)
            .field("hash", .string)
            .unique(on: "seq")
            .create()
        try await database.schema(AccessLogSeal.schema)
            .id()
            .field("kind", .string, .required)
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .field("mark", .string, .required)
            .field("at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for (name, columns) in [
            ("subject_at", ["subject_id", "at"]), ("actor_id", ["actor_id"]), ("at", ["at"]), ("unsealed", ["seq", "at"]),
        ] {
            var index = sql.create(index: "idx_access_events_\(name)").on(AccessLogEntry.schema)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
        try await sql.create(index: "idx_access_log_seals_seq").on(AccessLogSeal.schema).column("seq").run()
        // The old chain's entries that still say something, oldest first.
        let old = try await sql.raw(
            """
            SELECT id, at, actor_id, actor_role, subject_id, action, route, ip, platform FROM access_log
            WHERE redacted = \(bind: false) ORDER BY seq
            """
        ).all()
        var carried: [AccessLogEntry] = []
        for row in old {
            let entry = AccessLogEntry()
            entry.id = try row.decode(column: "id", as: UUID.self)
            entry.at = try row.decode(column: "at", as: Date.self)
            entry.$actor.id = try row.decode(column: "actor_id", as: UUID?.self)
            entry.actorRole = try row.decode(column: "actor_role", as: String?.self)
            entry.$subject.id = try row.decode(column: "subject_id", as: UUID?.self)
            entry.action = try row.decode(column: "action", as: String?.self)
            entry.route = try row.decode(column: "route", as: String?.self)
            entry.ip = try row.decode(column: "ip", as: String?.self)
            entry.platform = try row.decode(column: "platform", as: String?.self)
            entry.redactedJSON = "{}"
            carried.append(entry)
        }
        for start in stride(from: 0, to: carried.count, by: 500) {
            try await Array(carried[start..<min(start + 500, carried.count)]).create(on: database)
        }
        try await sql.drop(table: "access_log_head").run()
        try await sql.drop(table: "access_log").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessLogSeal.schema).delete()
        try await database.schema(AccessLogEntry.schema).delete()
    }
}
