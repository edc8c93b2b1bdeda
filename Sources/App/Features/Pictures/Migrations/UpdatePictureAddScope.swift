import Fluent
import SQLKit

/// A picture's scope: where it may be seen when not in the user's library (a conversation).
struct UpdatePictureAddScope: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Picture.schema).field("scope", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_pictures_scope").on(Picture.schema).column("scope").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Picture.schema).deleteField("scope").update()
    }
}
