import Fluent
import SQLKit

struct CreateOccurrenceState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OccurrenceState.schema)
            .id()
            .field("activity_id", .uuid, .required, .references(Activity.schema, "id", onDelete: .cascade))
            .field("local_start", .string, .required)
            .field("state", .string, .required)
            .field("steps_done", .string, .required)
            .field("changed_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("changed_at", .datetime, .required)
            .unique(on: "activity_id", "local_start")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_occurrence_states_changed_by").on(OccurrenceState.schema).column("changed_by")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OccurrenceState.schema).delete()
    }
}
