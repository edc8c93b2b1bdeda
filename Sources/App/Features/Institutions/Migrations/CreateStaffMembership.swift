import Fluent

struct CreateStaffMembership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffMembership.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "institution_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(StaffMembership.schema).delete() }
}
