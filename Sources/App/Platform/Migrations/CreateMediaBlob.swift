import Fluent

/// The table of `DatabaseMediaStore`; made on every database, so switching stores needs no migration.
struct CreateMediaBlob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MediaBlob.schema)
            .field("key", .string, .identifier(auto: false))
            .field("data", .data, .required)
            .field("size", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MediaBlob.schema).delete()
    }
}
