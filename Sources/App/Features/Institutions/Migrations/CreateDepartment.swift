import Fluent

struct CreateDepartment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Department.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Department.schema).delete() }
}
