import Fluent
import SQLKit

struct CreateActivity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("description", .string)
            .field("pictogram_id", .uuid, .references(Pictogram.schema, "id", onDelete: .setNull))
            .field("picture_id", .uuid, .references(Picture.schema, "id", onDelete: .setNull))
            .field("colour", .string, .required)
            .field("start", .string, .required)
            .field("time_zone", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("all_day", .bool, .required)
            .field("location", .string)
            .field("recurrence", .string)
            .field("except_dates", .string, .required)
            .field("steps", .string, .required)
            .field("reminders", .string, .required)
            .field("timer", .bool, .required)
            .field("private", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_activities_user_start").on(Activity.schema).column("user_id").column("start")
            .run()
        try await sql.create(index: "idx_activities_created_by").on(Activity.schema).column("created_by").run()
        try await sql.create(index: "idx_activities_picture").on(Activity.schema).column("picture_id").run()
        try await sql.create(index: "idx_activities_pictogram").on(Activity.schema).column("pictogram_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).delete()
    }
}
