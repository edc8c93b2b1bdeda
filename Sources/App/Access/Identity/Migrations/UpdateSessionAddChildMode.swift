import Fluent
import SQLKit

/// Sessions may be locked to a child (child mode); a planner keeps a PIN to unlock them.
struct UpdateSessionAddChildMode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthSession.schema)
            .field("locked_to_user_id", .uuid, .references(User.schema, "id", onDelete: .cascade)).update()
        try await database.schema(User.schema).field("child_mode_pin_hash", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_sessions_locked_to_user_id").on(AuthSession.schema)
            .column("locked_to_user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("child_mode_pin_hash").update()
        try await database.schema(AuthSession.schema).deleteField("locked_to_user_id").update()
    }
}
