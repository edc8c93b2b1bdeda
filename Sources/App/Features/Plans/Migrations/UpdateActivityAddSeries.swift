import Fluent
import SQLKit

/// Occurrences changed alone point at their series. SQLite adds one column per ALTER TABLE.
struct UpdateActivityAddSeries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema)
            .field("series_id", .uuid, .references(Activity.schema, "id", onDelete: .cascade)).update()
        try await database.schema(Activity.schema).field("original_start", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_activities_series").on(Activity.schema).column("series_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("original_start").update()
        try await database.schema(Activity.schema).deleteField("series_id").update()
    }
}
