import Fluent
import SQLKit

/// Indexes every column that points at a person: erasure, export and the checks that foreign
/// keys make on delete all look rows up by them. Each feature names its columns
/// (`Feature.personIndexes`); a test keeps them complete.
struct CreatePersonIndexes: AsyncMigration {
    let columns: [(table: String, column: String)]

    static func name(_ table: String, _ column: String) -> String { "idx_\(table)_\(column)" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in columns {
            try await sql.create(index: Self.name(table, column)).on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in columns {
            // A table may have been replaced since, its indexes with it.
            try await sql.drop(index: Self.name(table, column)).ifExists().run()
        }
    }
}
