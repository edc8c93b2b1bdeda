import Fluent

/// Consent to searching pictures on the Internet, and where a picture from a search came from.
struct AddPictureSearch: AsyncMigration {
    static let sourceColumns = [
        "source_provider", "source_title", "source_creator", "source_licence", "source_licence_url", "source_url",
    ]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema(User.schema).field("picture_search", .bool, .required, .sql(.default(false))).update()
        for column in Self.sourceColumns {
            try await database.schema(Picture.schema).field(FieldKey(stringLiteral: column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.sourceColumns.reversed() {
            try await database.schema(Picture.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
        try await database.schema(User.schema).deleteField("picture_search").update()
    }
}
