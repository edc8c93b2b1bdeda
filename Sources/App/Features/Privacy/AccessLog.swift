import Fluent
import MobilizeCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Writes and checks the access log.
struct AccessLog {
    let db: any Database

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

    /// Appends one entry. The head row is updated first, which locks it (a row lock in
    /// PostgreSQL, the write lock in SQLite) until the entry is written.
    func append(_ event: Event) async throws {
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.update(AccessLogHead.schema).set(SQLIdentifier("seq"), to: SQLRaw("seq + 1"))
                .where("id", .equal, 1).run()
            guard let head = try await AccessLogHead.find(1, on: db) else { throw Abort(.internalServerError) }
            let content = AuditChain.Content(
                seq: head.seq,
                at: Int(event.at.timeIntervalSince1970),
                actorDigest: AuditChain.digest(of: event.actorID),
                actorRole: event.actorRole,
                subjectID: event.subjectID,
                action: event.action,
                route: event.route,
                ip: event.ip,
                platform: event.platform
            )
            let link = AuditChain.link(content, after: head.hash)
            try await AccessLogEntry(link, content: content, actorID: event.actorID).create(on: db)
            head.hash = link.hash
            try await head.update(on: db)
        }
    }

    /// Appends many entries at once, in chunks of one transaction each (for imports and seeds).
    func appendAll(_ events: [Event], chunk: Int = 500) async throws {
        for start in stride(from: 0, to: events.count, by: chunk) {
            let slice = events[start..<min(start + chunk, events.count)]
            try await db.writeTransaction { db in
                guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
                try await sql.update(AccessLogHead.schema).set(SQLIdentifier("seq"), to: SQLRaw("seq + \(slice.count)"))
                    .where("id", .equal, 1).run()
                guard let head = try await AccessLogHead.find(1, on: db) else { throw Abort(.internalServerError) }
                var seq = head.seq - slice.count
                var previous = head.hash
                var entries: [AccessLogEntry] = []
                for event in slice {
                    seq += 1
                    let content = AuditChain.Content(
                        seq: seq,
                        at: Int(event.at.timeIntervalSince1970),
                        actorDigest: AuditChain.digest(of: event.actorID),
                        actorRole: event.actorRole,
                        subjectID: event.subjectID,
                        action: event.action,
                        route: event.route,
                        ip: event.ip,
                        platform: event.platform
                    )
                    let link = AuditChain.link(content, after: previous)
                    entries.append(AccessLogEntry(link, content: content, actorID: event.actorID))
                    previous = link.hash
                }
                try await entries.create(on: db)
                head.hash = previous
                try await head.update(on: db)
            }
        }
    }

    /// The sequence number of the first entry that fails to verify, or nil.
    func firstBrokenLink(batch: Int = 1000) async throws -> Int? {
        var after = Int.min
        var previous: AuditChain.Link?
        while true {
            let rows = try await AccessLogEntry.query(on: db).filter(\.$seq > after).sort(\.$seq).limit(batch).all()
            guard !rows.isEmpty else { return nil }
            let links = (previous.map { [$0] } ?? []) + rows.map(\.link)
            if let broken = AuditChain.firstBrokenLink(links) { return broken }
            previous = links.last
            after = rows.last!.seq
        }
    }

    /// Erases people from the log: entries about them lose their content (the hashes stay and
    /// hold the chain together); entries where they acted for others lose only their id.
    func redact(person id: UUID) async throws {
        try await redact(people: [id])
    }

    func redact(people ids: [UUID]) async throws {
        guard let sql = db as? any SQLDatabase, !ids.isEmpty else { return }
        let idList = SQLGroupExpression(SQLList(ids.map { SQLBind($0) }))
        try await sql.update(AccessLogEntry.schema)
            .set(SQLIdentifier("subject_id"), to: SQLLiteral.null)
            .set(SQLIdentifier("actor_id"), to: SQLLiteral.null)
            .set(SQLIdentifier("ip"), to: SQLLiteral.null)
            .set(SQLIdentifier("platform"), to: SQLLiteral.null)
            .set(SQLIdentifier("action"), to: SQLLiteral.string(""))
            .set(SQLIdentifier("route"), to: SQLLiteral.string(""))
            .set(SQLIdentifier("actor_role"), to: SQLLiteral.string(""))
            .set(SQLIdentifier("redacted"), to: SQLLiteral.boolean(true))
            .where(SQLIdentifier("subject_id"), .in, idList)
            .run()
        try await sql.update(AccessLogEntry.schema)
            .set(SQLIdentifier("actor_id"), to: SQLLiteral.null)
            .where(SQLIdentifier("actor_id"), .in, idList)
            .run()
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
        try await AccessLog(db: db).appendAll(fresh)
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
        lock.withLock {
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
