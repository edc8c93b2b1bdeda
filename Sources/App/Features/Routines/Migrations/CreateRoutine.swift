import Fluent
import Foundation
import MobilizeCore
import SQLKit

struct CreateRoutine: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Routine.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("items", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for column in ["user_id", "created_by"] {
            try await sql.create(index: "idx_routines_\(column)").on(Routine.schema).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Routine.schema).delete()
    }
}
