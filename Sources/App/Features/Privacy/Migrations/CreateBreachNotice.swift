import Fluent

struct CreateBreachNotice: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BreachNotice.schema)
            .id()
            .field("breach_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("window_start", .datetime, .required)
            .field("window_end", .datetime, .required)
            .field("subject_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("recipient_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("sent_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BreachNotice.schema).delete()
    }
}
