import Fluent
import SQLKit

struct CreatePictogramName: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PictogramName.schema)
            .id()
            .field("pictogram_id", .uuid, .required, .references(Pictogram.schema, "id", onDelete: .cascade))
            .field("lang", .string, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("folded", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_pictogram_names_pictogram").on(PictogramName.schema).column("pictogram_id")
            .run()
        try await sql.create(index: "idx_pictogram_names_lang_folded").on(PictogramName.schema)
            .column("lang").column("folded").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PictogramName.schema).delete()
    }
}
