import Fluent

struct CreateConsent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Consent.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("given_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("policy_version", .int, .required)
            .field("action", .string, .required)
            .field("at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Consent.schema).delete()
    }
}
