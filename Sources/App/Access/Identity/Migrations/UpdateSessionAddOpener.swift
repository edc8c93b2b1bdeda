import Fluent
import SQLKit

/// Sessions opened for a person: who opened them, and when child mode began.
struct UpdateSessionAddOpener: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthSession.schema)
            .field("opened_by", .uuid, .references(User.schema, "id", onDelete: .cascade)).update()
        try await database.schema(AuthSession.schema).field("locked_at", .datetime).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_sessions_opened_by").on(AuthSession.schema).column("opened_by").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuthSession.schema).deleteField("locked_at").update()
        try await database.schema(AuthSession.schema).deleteField("opened_by").update()
    }
}
