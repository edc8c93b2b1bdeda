import Fluent

struct CreateInvoice: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Invoice.schema)
            .id()
            .field("number", .string, .required)
            .field("institution_id", .uuid, .references(Institution.schema, "id", onDelete: .setNull))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("buyer", .string, .required)
            .field("amount_minor", .int, .required)
            .field("currency", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("financial_year_end", .datetime, .required)
            .unique(on: "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Invoice.schema).delete()
    }
}
