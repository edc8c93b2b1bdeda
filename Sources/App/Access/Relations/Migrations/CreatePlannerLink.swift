import Fluent

struct CreatePlannerLink: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlannerLink.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("planner_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "planner_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlannerLink.schema).delete()
    }
}
