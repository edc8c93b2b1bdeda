import Fluent

/// SQLite adds one column per ALTER TABLE, so each field is its own update.
struct UpdateUserAddPrivacy: AsyncMigration {
    static let dates = ["restricted_at", "erasure_due_at", "last_active_at", "retention_warned_at"]
    static let flags = ["usage_statistics", "product_news"]

    func prepare(on database: any Database) async throws {
        for field in Self.dates {
            try await database.schema(User.schema).field(.string(field), .datetime).update()
        }
        for field in Self.flags {
            try await database.schema(User.schema).field(.string(field), .bool, .required, .sql(.default(false)))
                .update()
        }
    }

    func revert(on database: any Database) async throws {
        for field in Self.dates + Self.flags {
            try await database.schema(User.schema).deleteField(.string(field)).update()
        }
    }
}
