import Fluent

struct CreateInstitution: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Institution.schema)
            .id()
            .field("name", .string, .required)
            .field("customer_number", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "customer_number")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(Institution.schema).delete() }
}
