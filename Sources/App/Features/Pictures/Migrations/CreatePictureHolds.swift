import Fluent
import SQLKit

/// Uploads held back by the guard against sensitive pictures until the uploader chooses.
struct CreatePictureHolds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PictureHold.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("uploaded_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("scope", .string)
            .field("source_hash", .string, .required)
            .field("thumb_key", .string, .required)
            .field("display_key", .string, .required)
            .field("original_key", .string, .required)
            .field("content_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int, .required)
            .field("findings", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_picture_holds_user_id").on(PictureHold.schema).column("user_id").run()
        try await sql.create(index: "idx_picture_holds_uploaded_by").on(PictureHold.schema).column("uploaded_by").run()
        try await sql.create(index: "idx_picture_holds_expires_at").on(PictureHold.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PictureHold.schema).delete()
    }
}
