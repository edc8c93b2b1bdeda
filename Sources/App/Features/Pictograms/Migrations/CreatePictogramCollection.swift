import Fluent

struct CreatePictogramCollection: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PictogramCollection.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PictogramCollection.schema).delete()
    }
}
