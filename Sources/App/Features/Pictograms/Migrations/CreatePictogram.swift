import Fluent
import SQLKit

struct CreatePictogram: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Pictogram.schema)
            .id()
            .field(
                "collection_id",
                .uuid,
                .references(PictogramCollection.schema, "id", onDelete: .cascade)
            )
            .field("code", .string)
            .field("image_key", .string, .required)
            .field("content_type", .string, .required)
            .field("added_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_pictograms_collection").on(Pictogram.schema).column("collection_id").run()
        try await sql.create(index: "idx_pictograms_added_by").on(Pictogram.schema).column("added_by").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Pictogram.schema).delete()
    }
}
