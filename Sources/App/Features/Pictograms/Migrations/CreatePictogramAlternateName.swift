import Fluent
import SQLKit

struct CreatePictogramAlternateName: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PictogramAlternateName.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("pictogram_id", .uuid, .required, .references(Pictogram.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("folded", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id", "pictogram_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_pictogram_alternate_names_pictogram").on(PictogramAlternateName.schema)
            .column("pictogram_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PictogramAlternateName.schema).delete()
    }
}
