import Fluent

/// The rate windows' counters: a hashed key, the start of its current window and the uses in it.
struct CreateRateWindow: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_windows")
            .field("key_hash", .string, .identifier(auto: false))
            .field("window_start", .int64, .required)
            .field("uses", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_windows").delete()
    }
}
