import Fluent

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("email", .string)
            .field("email_verified_at", .datetime)
            .field("password_hash", .string)
            .field("name", .string, .required)
            .field("locale", .string, .required)
            .field("app", .string, .required)
            .field("time_zone", .string, .required)
            .field("birth_year", .int)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
