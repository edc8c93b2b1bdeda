import Fluent

struct CreateDataExport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataExport.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("requested_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("size", .int)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataExport.schema).delete()
    }
}
