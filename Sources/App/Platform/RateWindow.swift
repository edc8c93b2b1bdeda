import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// Counts uses per key in fixed windows of time (messages a minute), in the database and shared
/// by every instance: one statement counts and answers, so thirty requests arriving at once are
/// thirty uses and those beyond the limit are refused, whatever their order. Unlike
/// `AttemptLimiter`, a steady pace under the limit is never slowed. Keys are stored as hashes.
struct RateWindow: Sendable {
    let db: any Database

    /// Counts one use in the current window, or answers the seconds until the next window when the
    /// limit is reached (the use is counted all the same: hammering does not help).
    func use(_ key: String, limit: Int, per seconds: Int, at now: Date) async throws -> Int? {
        try await db.writeTransaction { db in
            try await Self.count(key, limit: limit, per: seconds, at: now, on: db)
        }
    }

    /// The same inside a transaction the caller holds (a message counted in the transaction that
    /// stores it: one commit, and a message refused is not counted).
    static func count(_ key: String, limit: Int, per seconds: Int, at now: Date, on db: any Database) async throws -> Int? {
        let time = Int(now.timeIntervalSince1970)
        let start = time - time % seconds
        let statement: SQLQueryString = """
            INSERT INTO rate_windows (key_hash, window_start, uses) VALUES (\(bind: Secret.hash(key)), \(bind: start), 1)
            ON CONFLICT (key_hash) DO UPDATE SET
                uses = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.uses + 1 ELSE 1 END,
                window_start = excluded.window_start
            RETURNING uses
            """
        guard let sql = db as? any SQLDatabase else { return nil }
        let uses = try await sql.direct(statement).first?.decode(column: "uses", as: Int.self) ?? 1
        return uses <= limit ? nil : max(1, start + seconds - time)
    }

    /// Counts the uses of many keys at once (each person's reminders due together), in one
    /// statement, and answers for each key how many of its uses are within its limit: the first.
    static func count(
        _ uses: [(key: String, uses: Int, limit: Int)],
        per seconds: Int,
        at now: Date,
        on db: any Database
    ) async throws -> [String: Int] {
        guard !uses.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let time = Int(now.timeIntervalSince1970)
        let start = time - time % seconds
        var allowed: [String: Int] = [:]
        for chunk in uses.chunks(of: 300) {
            let hashes = chunk.map { Secret.hash($0.key) }
            let rows = SQLList(zip(hashes, chunk).map { hash, use in
                SQLGroupExpression([SQLBind(hash), SQLBind(start), SQLBind(use.uses)])
            })
            let statement: SQLQueryString = """
                INSERT INTO rate_windows (key_hash, window_start, uses) VALUES \(rows)
                ON CONFLICT (key_hash) DO UPDATE SET
                    uses = CASE WHEN rate_windows.window_start = excluded.window_start
                        THEN rate_windows.uses + excluded.uses ELSE excluded.uses END,
                    window_start = excluded.window_start
                RETURNING key_hash, uses
                """
            var totals: [String: Int] = [:]
            for row in try await sql.direct(statement) {
                totals[try row.decode(column: "key_hash", as: String.self)] = try row.decode(column: "uses", as: Int.self)
            }
            for (hash, use) in zip(hashes, chunk) {
                let total = totals[hash] ?? use.uses
                allowed[use.key] = max(0, min(use.uses, use.limit - (total - use.uses)))
            }
        }
        return allowed
    }

    /// Forgets windows that ended a day ago (the daily job).
    static func prune(on db: any Database, now: Date) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.delete(from: "rate_windows")
            .where("window_start", .lessThan, SQLBind(Int(now.timeIntervalSince1970) - 86_400)).run()
    }
}

extension Request {
    /// Counts one use of `key`, or throws 429 with `detail` and when to try again.
    func use(_ key: String, limit: Int, per seconds: Int, detail: String) async throws {
        if let wait = try await RateWindow(db: db).use(key, limit: limit, per: seconds, at: now) {
            throw Problem.rateLimited(retryAfter: wait, detail)
        }
    }
}
