import Fluent

struct CreateStaffInvitation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffInvitation.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("invited_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull))
            .field("token_hash", .string, .required)
            .field("status", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(StaffInvitation.schema).delete() }
}
