import Fluent
import SQLKit

/// Indexes every column that points at a person: erasure, export and the checks that foreign
/// keys make on delete all look rows up by them. (A test keeps this list complete.)
struct CreatePersonIndexes: AsyncMigration {
    static let columns: [(table: String, column: String)] = [
        ("sessions", "user_id"), ("account_tokens", "user_id"), ("account_tokens", "email"),
        ("planner_links", "planner_id"), ("invitations", "user_id"), ("invitations", "invited_by"),
        ("invitations", "email"), ("pairing_codes", "user_id"), ("pairing_codes", "created_by"),
        ("staff_memberships", "user_id"), ("staff_invitations", "invited_by"), ("staff_invitations", "email"),
        ("institution_users", "user_id"), ("institution_users", "added_by"), ("consents", "user_id"),
        ("consents", "given_by"), ("access_log", "subject_id"), ("access_log", "actor_id"), ("access_log", "at"),
        ("exports", "user_id"), ("exports", "requested_by"), ("invoices", "user_id"),
        ("breach_notices", "subject_id"), ("breach_notices", "recipient_id"), ("users", "last_active_at"),
        ("users", "erasure_due_at"),
    ]

    static func name(_ table: String, _ column: String) -> String { "idx_\(table)_\(column)" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in Self.columns {
            try await sql.create(index: Self.name(table, column)).on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in Self.columns {
            // The access log's first table is gone by now (`UpdateAccessLogKeyedChain`).
            try await sql.drop(index: Self.name(table, column)).ifExists().run()
        }
    }
}
