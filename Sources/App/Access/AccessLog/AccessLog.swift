import Fluent
import MobilizeCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The access log: written as reads and changes happen, sealed into a keyed hash chain by a job,
/// verified against the last seal, redacted by erasure and pruned after 12 months.
package struct AccessLog {
    let db: any Database
    let key: AuditChain.Key

    package struct Event: Sendable {
        var actorID: UUID?
        var actorRole: String
        var subjectID: UUID
        var action: String
        var route: String
        var ip: String?
        var platform: String?
        var at: Date

        package init(
            actorID: UUID?, actorRole: String, subjectID: UUID, action: String, route: String, ip: String?,
            platform: String?, at: Date
        ) {
            (self.actorID, self.actorRole, self.subjectID, self.action) = (actorID, actorRole, subjectID, action)
            (self.route, self.ip, self.platform, self.at) = (route, ip, platform, at)
        }
    }

    /// Writes entries at once, in one statement a chunk (imports and seeds; requests go through
    /// the `AccessLogWriter`).
    package func appendAll(_ events: [Event]) async throws {
        try await AccessLogWriter.insert(events, on: db)
    }

    /// The newest seal, or genesis when nothing was sealed yet.
    func lastSeal() async throws -> AuditChain.Anchor {
        try await AccessLogSeal.query(on: db).filter(\.$kind == .seal).sort(\.$seq, .descending).first()?.anchor
            ?? .genesis
    }

    /// Gives up to `batch` unsealed entries their place in the chain; answers how many it sealed
    /// (0 when there is nothing to seal, or another instance is sealing now). The entries are read
    /// and their links computed before the write lock is taken: inside it, only the last seal is
    /// checked (when another pass sealed meanwhile, this one reads again) and the links written,
    /// in one statement. So the lock is held for milliseconds, and chat messages and ticks wait
    /// behind the sealer no longer than behind each other.
    func sealBatch(_ batch: Int = 50, at now: Date, waitForLease: Bool = true) async throws -> Int {
        let key = key
        while true {
            let start = try await lastSeal()
            let unsealed = try await AccessLogEntry.query(on: db).filter(\.$seq == nil).sort(\.$at).sort(\.$id)
                .limit(batch).all()
            guard !unsealed.isEmpty, db is any SQLDatabase else { return 0 }
            var last = start
            var rows: [any SQLExpression] = []
            for entry in unsealed {
                let link = AuditChain.link(entry.chainEntry, seq: last.seq + 1, after: last.hash, key: key)
                rows.append(SQLGroupExpression([
                    SQLBind(try entry.requireID()), SQLBind(link.seq), SQLBind(link.previous), SQLBind(link.hash),
                ]))
                last = AuditChain.Anchor(seq: link.seq, hash: link.hash)
            }
            let seal = AccessLogSeal(kind: .seal, anchor: last, key: key, at: now)
            let links = SQLList(rows)
            let sealed: Int? = try await db.writeTransaction { db in
                guard try await Self.lease(on: db, wait: waitForLease) else { return 0 }
                guard try await AccessLog(db: db, key: key).lastSeal() == start, let sql = db as? any SQLDatabase else {
                    return nil
                }
                try await sql.raw(
                    """
                    UPDATE access_events SET seq = v.column2, previous_hash = v.column3, hash = v.column4
                    FROM (VALUES \(links)) AS v
                    WHERE access_events.id = v.column1 AND access_events.seq IS NULL
                    """
                ).run()
                try await seal.create(on: db)
                return unsealed.count
            }
            if let sealed { return sealed }
        }
    }

    /// Seals everything written so far; `waitForLease` false skips the turn when another instance
    /// is sealing (the periodic sealer), true waits for it (verification, pruning).
    func sealAll(at now: Date, waitForLease: Bool = true) async throws {
        while try await sealBatch(at: now, waitForLease: waitForLease) > 0 {}
    }

    /// The sealer's lease: a transaction-scoped advisory lock on PostgreSQL, one per schema (one
    /// instance seals at a time); SQLite's write transaction is exclusive already.
    private static func lease(on db: any Database, wait: Bool) async throws -> Bool {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return true }
        if wait {
            try await sql.raw("SELECT pg_advisory_xact_lock(7245011, hashtext(current_schema()))").run()
            return true
        }
        let row = try await sql.raw(
            "SELECT pg_try_advisory_xact_lock(7245011, hashtext(current_schema())) AS held"
        ).first()
        return try row?.decode(column: "held", as: Bool.self) ?? false
    }

    struct Verdict: Sendable {
        var entries: Int
        var unsealed: Int
        var broken: (seq: Int, reason: String)?
    }

    /// Walks the sealed chain from where it was last pruned to the last seal.
    func verify(batch: Int = 1000) async throws -> Verdict {
        let seals = try await AccessLogSeal.query(on: db).sort(\.$seq, .descending).all()
        let unsealed = try await AccessLogEntry.query(on: db).filter(\.$seq == nil).count()
        let entries = try await AccessLogEntry.query(on: db).count()
        if let forged = seals.first(where: { !$0.isGenuine(key: key) }) {
            return Verdict(entries: entries, unsealed: unsealed, broken: (forged.seq, "has a seal made without the key"))
        }
        let start = seals.first { $0.kind == .prune }?.anchor ?? .genesis
        let end = seals.first { $0.kind == .seal }?.anchor ?? .genesis
        var verifier = AuditChain.Verifier(key: key, from: start)
        var after = start.seq
        while verifier.broken == nil {
            let rows = try await AccessLogEntry.query(on: db).filter(\.$seq > after).sort(\.$seq).limit(batch).all()
            guard let last = rows.last?.seq else { break }
            verifier.check(rows.compactMap(\.link))
            after = last
        }
        return Verdict(entries: entries, unsealed: unsealed, broken: verifier.finish(at: end))
    }

    /// Erases people from the log: entries about them keep only their time, and the hashes of
    /// the rest; where they acted for others, their id, address and platform go. The chain still
    /// verifies, and no trace of the people is left in it.
    func redact(people ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        let about = try await AccessLogEntry.query(on: db).filter(\.$subject.$id ~~ ids).all()
        try await redact(about, AuditChain.Field.allCases.filter { $0 != .at })
        let by = try await AccessLogEntry.query(on: db).filter(\.$actor.$id ~~ ids).all()
        try await redact(by, [.actor, .ip, .platform])
    }

    private func redact(_ entries: [AccessLogEntry], _ fields: [AuditChain.Field]) async throws {
        for entry in entries {
            entry.chainEntry = AuditChain.redact(entry.chainEntry, fields, key: key)
            try await entry.update(on: db)
        }
    }

    /// Deletes the entries older than `cutoff`, from the start of the chain, and records where it
    /// now starts; answers how many went.
    func prune(before cutoff: Date, at now: Date) async throws -> Int {
        try await sealAll(at: now)
        guard
            let newest = try await AccessLogEntry.query(on: db).filter(\.$at < cutoff).filter(\.$seq != nil)
                .sort(\.$seq, .descending).first(),
            let seq = newest.seq, let hash = newest.hash
        else { return 0 }
        let key = key
        return try await db.writeTransaction { db in
            let count = try await AccessLogEntry.query(on: db).filter(\.$seq <= seq).count()
            try await AccessLogEntry.query(on: db).filter(\.$seq <= seq).delete()
            try await AccessLogSeal(kind: .prune, anchor: AuditChain.Anchor(seq: seq, hash: hash), key: key, at: now)
                .create(on: db)
            return count
        }
    }
}
