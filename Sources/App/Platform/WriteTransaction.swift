import Fluent
import Foundation
import SQLKit

/// SQLite has one writer at a time. Write transactions of this process queue here, as tasks,
/// rather than in SQLite's busy handler, which would hold a thread of the shared pool while it
/// waits (and with every thread waiting, the transaction holding the lock could not finish).
private let sqliteWriters = AsyncSemaphore(limit: 1)

extension Database {
    /// A transaction for work that writes. On SQLite it takes the write lock at its start
    /// (`BEGIN IMMEDIATE`), waiting for other writers with the busy timeout; a deferred
    /// transaction that reads first and then writes fails at once with "database is locked"
    /// when another connection or process is writing meanwhile. On PostgreSQL it is an
    /// ordinary transaction.
    package func writeTransaction<T: Sendable>(
        _ closure: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(closure)
        }
        return try await sqliteWriters.run {
            try await immediateTransaction(closure)
        }
    }

    private func immediateTransaction<T: Sendable>(
        _ closure: @escaping @Sendable (any Database) async throws -> T
    )
        async throws -> T
    {
        try await withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await closure(connection) }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await closure(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

extension Database {
    /// Sets `column` of the row `id` of `table` to `value` if it is still NULL, in one statement,
    /// and answers whether this call did: of thirty requests spending one code at once, one does.
    func claim(_ table: String, id: UUID, column: String, value: some Encodable & Sendable) async throws -> Bool {
        guard let sql = self as? any SQLDatabase else { return true }
        return try await sql.raw(
            """
            UPDATE \(ident: table) SET \(ident: column) = \(bind: value)
            WHERE id = \(bind: id) AND \(ident: column) IS NULL RETURNING id
            """
        ).first() != nil
    }
}
