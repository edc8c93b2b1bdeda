import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// Counts attempts (sign-ins, PINs, codes, mails asked for) in the database, shared by every
/// instance. An attempt is counted before it is checked, in one statement that increments and
/// answers, so thirty requests arriving at once are thirty attempts: those beyond the free ones
/// wait, whatever their order. Keys are stored as hashes: no address or email is kept here.
struct AttemptLimiter: Sendable {
    let db: any Database

    /// Counts an attempt now, or answers how many seconds to wait first (nothing is counted then).
    func attempt(_ key: String, _ rule: Throttle, at now: Date) async throws -> Int? {
        let hashed = Secret.hash(key)
        let time = now.timeIntervalSince1970
        let forgotten = time - Double(rule.forgetAfter)
        func fresh() -> SQLQueryString { "attempt_counters.last_at <= \(bind: forgotten)" }
        func count() -> SQLQueryString {
            "(CASE WHEN \(fresh()) THEN 1 ELSE attempt_counters.attempts + 1 END)"
        }
        var wait: SQLQueryString = "CASE WHEN \(count()) < \(bind: rule.free) THEN 0"
        for step in rule.steps {
            wait = wait + " WHEN \(count()) <= \(bind: step) THEN \(bind: rule.delay(after: step))"
        }
        wait = wait + " ELSE \(bind: rule.cap) END"
        let statement: SQLQueryString = """
            INSERT INTO attempt_counters (key_hash, attempts, last_at, blocked_until)
            VALUES (\(bind: hashed), 1, \(bind: time), \(bind: time + Double(rule.delay(after: 1))))
            ON CONFLICT (key_hash) DO UPDATE SET
                attempts = \(count()),
                last_at = \(bind: time),
                blocked_until = \(bind: time) + (\(wait))
            WHERE attempt_counters.blocked_until <= \(bind: time) OR \(fresh())
            RETURNING attempts
            """
        let counted = try await db.writeTransaction { db -> Bool in
            guard let sql = db as? any SQLDatabase else { return true }
            return try await sql.raw(statement).first() != nil
        }
        if counted { return nil }
        let until = try await AttemptCounter.find(hashed, on: db)?.blockedUntil ?? time
        return max(1, Int((until - time).rounded(.up)))
    }

    /// The attempt was right: it does not count against the key (a school's shared address).
    func refund(_ key: String) async throws {
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.raw(
                """
                UPDATE attempt_counters SET attempts = attempts - 1
                WHERE key_hash = \(bind: Secret.hash(key)) AND attempts > 0
                """
            ).run()
        }
    }

    /// Starts the count over: the owner proved who they are (the right password, a mailed link).
    func clear(_ key: String) async throws {
        try await AttemptCounter.query(on: db).filter(\.$id == Secret.hash(key)).delete()
    }

    /// Forgets counts nobody has added to for a day (the daily job).
    static func prune(on db: any Database, now: Date) async throws {
        let day = now.timeIntervalSince1970 - 86_400
        try await AttemptCounter.query(on: db).filter(\.$lastAt < day).filter(\.$blockedUntil < day).delete()
    }
}

/// One key's attempts: how many, the last, and until when the next must wait.
final class AttemptCounter: Model, @unchecked Sendable {
    static let schema = "attempt_counters"

    @ID(custom: "key_hash", generatedBy: .user) var id: String?
    @Field(key: "attempts") var attempts: Int
    @Field(key: "last_at") var lastAt: Double
    @Field(key: "blocked_until") var blockedUntil: Double

    init() {}
}

extension Request {
    /// Counts an attempt under each key in turn, or throws 429 with the wait of the first that
    /// must wait (later keys are then not counted).
    func attempt(_ keys: [(String, Throttle)]) async throws {
        let limiter = AttemptLimiter(db: db)
        for (key, rule) in keys {
            if let wait = try await limiter.attempt(key, rule, at: now) {
                throw Problem.rateLimited(retryAfter: wait)
            }
        }
    }

    func attempt(_ key: String, _ rule: Throttle) async throws {
        try await attempt([(key, rule)])
    }

    var attempts: AttemptLimiter { AttemptLimiter(db: db) }
}
