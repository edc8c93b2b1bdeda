import Fluent
import SQLKit

struct CreatePicture: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Picture.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("source_hash", .string, .required)
            .field("thumb_key", .string, .required)
            .field("display_key", .string, .required)
            .field("original_key", .string, .required)
            .field("content_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "source_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_pictures_uploaded_by").on(Picture.schema).column("uploaded_by").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Picture.schema).delete()
    }
}
