import Fluent
import SQLKit

/// An activity may ask to be confirmed: marked done within some minutes of its start, or the
/// planners it names are told.
struct UpdateActivityAddConfirmation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await database.schema(Activity.schema).field("confirm_within", .int).update()
        try await database.schema(Activity.schema).field("confirm_tell", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("confirm_tell").update()
        try await database.schema(Activity.schema).deleteField("confirm_within").update()
    }
}
