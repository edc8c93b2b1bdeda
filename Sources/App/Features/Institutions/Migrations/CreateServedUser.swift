import Fluent

struct CreateServedUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServedUser.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("added_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "institution_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(ServedUser.schema).delete() }
}
