import Fluent
import MobilizeCore
import SQLKit
import Vapor

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
