import Fluent

/// The profile picture. Deleting the picture or the pictogram clears it.
struct UpdateUserAddAvatar: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        try await database.schema(User.schema)
            .field("avatar_picture_id", .uuid, .references(Picture.schema, "id", onDelete: .setNull)).update()
        try await database.schema(User.schema)
            .field("avatar_pictogram_id", .uuid, .references(Pictogram.schema, "id", onDelete: .setNull)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("avatar_pictogram_id").update()
        try await database.schema(User.schema).deleteField("avatar_picture_id").update()
    }
}
