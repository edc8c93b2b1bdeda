import Fluent
import SQLKit

/// Account mails and invitations go through the outbox too: a notice may be for someone without an
/// account (`recipient_id` empty, `address` set), and is found by that address when its owner is
/// erased. SQLite changes a column's nullability only by building the table again.
struct UpdateNoticesForAccountMails: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        guard sql.dialect.name == "sqlite" else {
            try await sql.raw("ALTER TABLE notices ALTER COLUMN recipient_id DROP NOT NULL").run()
            try await sql.create(index: "idx_notices_address").on(Notice.schema).column("address").run()
            return
        }
        let columns: SQLQueryString = """
            id, recipient_id, kind, key, subject, body, status, attempts, next_attempt_at, leased_by, lease_until, \
            last_error, created_at, sent_at, unsubscribe_hash, channel, address
            """
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.raw(
                """
                CREATE TABLE notices_next (
                    id UUID PRIMARY KEY,
                    recipient_id UUID REFERENCES users (id) ON DELETE CASCADE ON UPDATE NO ACTION,
                    kind TEXT NOT NULL, key TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                    status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at REAL NOT NULL,
                    leased_by TEXT, lease_until REAL, last_error TEXT, created_at REAL NOT NULL, sent_at REAL,
                    unsubscribe_hash TEXT, channel TEXT NOT NULL DEFAULT 'mail', address TEXT,
                    CONSTRAINT "uq:notices.key" UNIQUE (key)
                )
                """
            ).run()
            try await sql.raw("INSERT INTO notices_next (\(columns)) SELECT \(columns) FROM notices").run()
            try await sql.raw("DROP TABLE notices").run()
            try await sql.raw("ALTER TABLE notices_next RENAME TO notices").run()
            try await sql.raw(
                "CREATE INDEX idx_notices_waiting ON notices (next_attempt_at) WHERE status IN ('queued', 'sending')"
            ).run()
            try await sql.create(index: "idx_notices_recipient").on(Notice.schema).column("recipient_id").run()
            try await sql.create(index: "idx_notices_unsubscribe").on(Notice.schema).column("unsubscribe_hash").run()
            try await sql.create(index: "idx_notices_address").on(Notice.schema).column("address").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM notices WHERE recipient_id IS NULL").run()
        try await sql.drop(index: "idx_notices_address").run()
        if sql.dialect.name != "sqlite" {
            try await sql.raw("ALTER TABLE notices ALTER COLUMN recipient_id SET NOT NULL").run()
        }
    }
}
