import Fluent
import MobilizeCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The access log: written as reads and changes happen, sealed into a keyed hash chain by a job,
/// verified against the last seal, redacted by erasure and pruned after 12 months.
struct AccessLog {
    let db: any Database
    let key: AuditChain.Key

    struct Event: Sendable {
        var actorID: UUID?
        var actorRole: String
        var subjectID: UUID
        var action: String
        var route: String
        var ip: String?
        var platform: String?
        var at: Date
    }

    /// Writes entries at once, in one statement a chunk (imports and seeds; requests go through
    /// the `AccessLogWriter`).
    func appendAll(_ events: [Event]) async throws {
        try await AccessLogWriter.insert(events, on: db)
    }

    /// The newest seal, or genesis when nothing was sealed yet.
    func lastSeal() async throws -> AuditChain.Anchor {
        try await AccessLogSeal.query(on: db).filter(\.$kind == .seal).sort(\.$seq, .descending).first()?.anchor
            ?? .genesis
    }

    /// Gives up to `batch` unsealed entries their place in the chain, in one transaction that only
    /// one instance at a time may run; answers how many it sealed (0 when another instance is
    /// sealing now).
    func sealBatch(_ batch: Int = 500, at now: Date, waitForLease: Bool = true) async throws -> Int {
        let key = key
        return try await db.writeTransaction { db in
            guard try await Self.lease(on: db, wait: waitForLease) else { return 0 }
            let log = AccessLog(db: db, key: key)
            var last = try await log.lastSeal()
            let unsealed = try await AccessLogEntry.query(on: db).filter(\.$seq == nil).sort(\.$at).sort(\.$id)
                .limit(batch).all()
            guard !unsealed.isEmpty else { return 0 }
            for entry in unsealed {
                let link = AuditChain.link(entry.chainEntry, seq: last.seq + 1, after: last.hash, key: key)
                try await AccessLogEntry.query(on: db).filter(\.$id == entry.requireID()).filter(\.$seq == nil)
                    .set(\.$seq, to: link.seq).set(\.$previousHash, to: link.previous).set(\.$hash, to: link.hash)
                    .update()
                last = AuditChain.Anchor(seq: link.seq, hash: link.hash)
            }
            try await AccessLogSeal(kind: .seal, anchor: last, key: key, at: now).create(on: db)
            return unsealed.count
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

/// Writes the access log behind the requests: an entry is handed over in memory and written with
/// all the others of the same moment in one statement, so a logged read costs about what an
/// unlogged one does. What is handed over is written within milliseconds, and before the server
/// stops; only a crash of the process in those milliseconds could lose it.
actor AccessLogWriter {
    private let database: @Sendable () -> any Database
    private let logger: Logger
    private var pending: [AccessLog.Event] = []
    private var writing = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Entries kept while the database does not answer; beyond this the oldest are dropped.
    static let maxPending = 100_000

    init(database: @escaping @Sendable () -> any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    func write(_ entries: [AccessLog.Event]) {
        guard !entries.isEmpty else { return }
        pending += entries
        if pending.count > Self.maxPending {
            logger.error("access log entries dropped: the database does not answer")
            pending.removeFirst(pending.count - Self.maxPending)
        }
        guard !writing else { return }
        writing = true
        Task { await self.drain() }
    }

    /// Returns when everything handed over is written.
    func idle() async {
        guard writing || !pending.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func drain() async {
        var failures = 0
        while !pending.isEmpty {
            let rows = pending
            pending = []
            do {
                try await Self.insert(rows, on: database())
                failures = 0
            } catch {
                // One entry may name someone erased meanwhile: write the others one by one.
                var kept: [AccessLog.Event] = []
                for row in rows {
                    do { try await Self.insert([row], on: database()) } catch { kept.append(row) }
                }
                if !kept.isEmpty {
                    failures += 1
                    logger.warning("access log entries not written yet", metadata: ["count": "\(kept.count)"])
                    if failures > 5 {
                        logger.error("access log entries dropped", metadata: ["count": "\(kept.count)"])
                    } else {
                        pending = kept + pending
                        try? await Task.sleep(for: .milliseconds(100 << failures))
                    }
                }
            }
        }
        writing = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// One INSERT a chunk, straight in SQL: the log's writes are the most frequent of all.
    static func insert(_ events: [AccessLog.Event], on db: any Database) async throws {
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for start in stride(from: 0, to: events.count, by: 500) {
                let chunk = events[start..<min(start + 500, events.count)]
                let rows = chunk.map { event -> SQLQueryString in
                    // Whole seconds: what the chain hashes is what every database gives back.
                    let at = Date(timeIntervalSince1970: event.at.timeIntervalSince1970.rounded(.down))
                    return """
                        (\(bind: UUID()), \(bind: at), \(bind: event.actorID), \(bind: event.actorRole), \
                        \(bind: event.subjectID), \(bind: event.action), \(bind: event.route), \(bind: event.ip), \
                        \(bind: event.platform), '{}')
                        """
                }
                try await sql.raw(
                    """
                    INSERT INTO \(ident: AccessLogEntry.schema)
                    (id, at, actor_id, actor_role, subject_id, action, route, ip, platform, redacted)
                    VALUES \(rows.joined(separator: ", "))
                    """
                ).run()
            }
        }
    }
}

/// Seals new entries every few seconds while `mobilize serve` runs (one instance at a time, by
/// the lease), and once more at shutdown.
struct AccessLogSealer: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    static let interval: Duration = .seconds(2)
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        let command = app.environment.arguments.dropFirst().first
        guard command == nil || command == "serve" || command?.hasPrefix("-") == true else { return }
        // Tests seal when they need to, so that what they look at holds still.
        guard app.environment != .testing else { return }
        loop.task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                do {
                    await app.accessLogWriter.idle()
                    try await app.accessLog.sealAll(at: app.clock.now, waitForLease: false)
                } catch {
                    app.logger.warning("access log not sealed", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        await app.accessLogWriter.idle()
        guard let task = loop.task else { return }
        task.cancel()
        await task.value
        try? await app.sealAccessLog()
    }
}

extension Application {
    private struct KeyKey: StorageKey { typealias Value = AuditChain.Key }
    private struct WriterKey: StorageKey { typealias Value = AccessLogWriter }

    /// The key of the chain, set once by `configure`.
    var accessLogKey: AuditChain.Key {
        get {
            guard let key = storage[KeyKey.self] else { fatalError("configure(_:) sets the access-log key") }
            return key
        }
        set { storage[KeyKey.self] = newValue }
    }

    var accessLogWriter: AccessLogWriter {
        get {
            guard let writer = storage[WriterKey.self] else { fatalError("configure(_:) sets the access-log writer") }
            return writer
        }
        set { storage[WriterKey.self] = newValue }
    }

    var accessLog: AccessLog { AccessLog(db: db, key: accessLogKey) }

    /// Writes what this instance holds of the access log, then seals everything written.
    func sealAccessLog() async throws {
        await accessLogWriter.idle()
        try await accessLog.sealAll(at: clock.now)
    }
}

extension Request {
    /// Records that the caller read or changed someone else's data.
    func logAccess(to subjectID: UUID, action: String, role: String) async throws {
        try await logAccess(to: [subjectID], action: action, role: role)
    }

    /// Records one entry per person, in one transaction (a list of people is read at once).
    func logAccess(to subjectIDs: [UUID], action: String, role: String) async throws {
        try await logAccess(to: subjectIDs, by: self.principal.userID, action: action, role: role)
    }

    /// As above for an actor known otherwise than by the session (the owner of a calendar feed).
    func logAccess(to subjectIDs: [UUID], by actorID: UUID, action: String, role: String) async throws {
        let route =
            self.route.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }
            ?? "(unknown)"
        let userAgent = headers.first(name: .userAgent)
        var subjects = subjectIDs.filter { $0 != actorID }
        // A screen of thumbnails is one read, not thirty: the same read by the same person from
        // the same place is written once per window. Every change is written.
        if action == "read" {
            subjects = application.readCoalescing.admit(
                subjects,
                actor: actorID,
                route: route,
                ip: clientIP,
                userAgent: userAgent,
                at: now
            )
        }
        guard !subjects.isEmpty else { return }
        let platform = UserAgent(header: userAgent).platform
        let fresh = subjects.map {
            AccessLog.Event(
                actorID: actorID,
                actorRole: role,
                subjectID: $0,
                action: action,
                route: route,
                ip: clientIP,
                platform: platform,
                at: now
            )
        }
        guard !fresh.isEmpty else { return }
        await application.accessLogWriter.write(fresh)
    }
}

/// Remembers which reads were logged in the last minutes, so that repeating one (a page of
/// pictures, a device refreshing its day) writes one access-log entry, not one per request.
/// Per instance: behind a load balancer each instance logs the read once.
final class ReadCoalescing: @unchecked Sendable {
    let window: TimeInterval
    private let lock = NIOLock()
    private var logged: [String: Date] = [:]

    init(window: TimeInterval = 600) {
        self.window = window
    }

    /// The people whose read by `actor` was not logged within the window; marks them logged.
    func admit(_ subjects: [UUID], actor: UUID, route: String, ip: String?, userAgent: String?, at now: Date) -> [UUID]
    {
        guard window > 0 else { return subjects }
        return lock.withLock {
            subjects.filter { subject in
                let key = "\(actor)|\(subject)|\(route)|\(ip ?? "")|\(userAgent ?? "")"
                if let last = logged[key], now.timeIntervalSince(last) < window, now >= last { return false }
                if logged.count > 50_000 { logged = logged.filter { now.timeIntervalSince($0.value) < window } }
                logged[key] = now
                return true
            }
        }
    }
}

extension Application {
    private struct ReadCoalescingKey: StorageKey { typealias Value = ReadCoalescing }

    /// Set once by `configure`, before any request.
    var readCoalescing: ReadCoalescing {
        get {
            guard let coalescing = storage[ReadCoalescingKey.self] else { fatalError("configure(_:) sets it") }
            return coalescing
        }
        set { storage[ReadCoalescingKey.self] = newValue }
    }
}
