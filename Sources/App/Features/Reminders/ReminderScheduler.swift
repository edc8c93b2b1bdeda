import Fluent
import MobilizeCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Writes each activity's reminders down ahead, and fires those that are due, on every instance.
///
/// - Written down: every activity's reminders (its offsets, and its start) up to
///   `ReminderRules.horizon` ahead, again when an activity changes (its `updated_at` differs from
///   the version its reminders were written from) and when fewer than `refillAhead` remain. A
///   change to a plan nudges this instance to write that user's at once; a sweep every minute
///   finds whatever a nudge missed (a change made on an instance that stopped).
/// - Fired: each second an instance takes the due reminders with a lease (PostgreSQL: `FOR
///   UPDATE SKIP LOCKED`, so two instances never take the same one), checks each against the plan
///   as it is now, delivers it to the user's open screens or drops it with a reason, and marks it.
///   An instance that stops holding a lease leaves it to another once the lease runs out: a
///   reminder is delivered at least once, and its id lets a screen show it once.
final class ReminderScheduler: @unchecked Sendable {
    /// This instance's name on its leases.
    let instance: String
    static let lease: TimeInterval = 20
    static let claimBatch = 500
    static let writeBatch = 100
    static let sweepEvery: TimeInterval = 60

    private let lock = NIOLock()
    private var nudged: Set<UUID> = []
    private var lastSweep: Date?

    init(instance: String = UUID().uuidString) {
        self.instance = instance
    }

    /// A user's plan changed: their reminders are written again on the next pass.
    func nudge(_ user: UUID) {
        lock.withLock { _ = nudged.insert(user) }
    }

    struct Pass: Equatable, Sendable {
        var written = 0
        var delivered = 0
        var dropped = 0
    }

    /// One pass at the application's clock: write what changed, then fire what is due.
    @discardableResult
    func run(app: Application) async throws -> Pass {
        var pass = Pass()
        pass.written = try await writeDown(app: app)
        let fired = try await fire(app: app, now: app.clock.now)
        pass.delivered = fired.delivered
        pass.dropped = fired.dropped
        return pass
    }

    /// Writes the nudged users' reminders, and once a minute whatever else needs it. The server
    /// runs this beside the firing, so that a long sweep never holds a due reminder back.
    func writeDown(app: Application) async throws -> Int {
        let now = app.clock.now
        var written = 0
        let users = lock.withLock {
            defer { nudged = [] }
            return nudged
        }
        do {
            if !users.isEmpty { written += try await write(users: Array(users), db: app.db, now: now) }
        } catch {
            lock.withLock { nudged.formUnion(users) }
            throw error
        }
        let sweep = lock.withLock { lastSweep.map { abs(now.timeIntervalSince($0)) >= Self.sweepEvery } ?? true }
        if sweep {
            written += try await write(users: nil, db: app.db, now: now)
            lock.withLock { lastSweep = now }
        }
        return written
    }

    // MARK: - Writing down

    /// Writes the reminders of the activities that need it (of `users`, or of everyone) and
    /// answers how many reminders were written.
    func write(users: [UUID]?, db: any Database, now: Date) async throws -> Int {
        var written = 0
        for chunk in users.map({ $0.chunks(of: 100).map(Optional.some) }) ?? [nil] {
            // In the order of their ids, from after the last batch: each activity once a pass.
            var after: UUID?
            while true {
                let stale = try await staleActivities(users: chunk, after: after, now: now, db: db)
                guard let last = stale.last else { break }
                written += try await rewrite(stale, db: db, now: now)
                after = last
            }
        }
        return written
    }

    /// Activities that may still occur whose reminders are missing, from an older version, or
    /// running out; or all of these users' (nudged by a change).
    private func staleActivities(users: [UUID]?, after: UUID?, now: Date, db: any Database) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        // A series that ended two days ago has nothing left to remind of (any zone's date is within a day).
        let since = LocalDateTime(instant: now.addingTimeInterval(-2 * 86_400), in: TimeZone(identifier: "UTC")!).description
        var query: SQLQueryString = """
            SELECT a.id AS id FROM activities a LEFT JOIN reminder_horizons h ON h.activity_id = a.id
            WHERE (a.last_start IS NULL OR a.last_start >= \(bind: since))
            """
        if let users {
            // Nudged: whatever changed for them, all of theirs are written again.
            query += " AND a.user_id IN (\(binds: users))"
        } else {
            query += """
                 AND (h.activity_id IS NULL OR h.version <> a.updated_at
                    OR h.through < \(bind: now.addingTimeInterval(ReminderRules.refillAhead)))
                """
        }
        if let after { query += " AND a.id > \(bind: after)" }
        query += " ORDER BY a.id LIMIT \(literal: Self.writeBatch)"
        return try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Writes these activities' reminders from now through the horizon, in one transaction that
    /// holds the activities still (PostgreSQL: `FOR SHARE`; SQLite: its one writer), so the version
    /// written is the version read.
    private func rewrite(_ ids: [UUID], db: any Database, now: Date) async throws -> Int {
        let through = now.addingTimeInterval(ReminderRules.horizon)
        return try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            if sql.dialect.name != "sqlite" {
                try await sql.raw("SELECT id FROM activities WHERE id IN (\(binds: ids)) FOR SHARE").run()
            }
            let activities = try await Activity.query(on: db).filter(\.$id ~~ ids).all()
            let replaced = try await Self.replaced(of: ids, on: db)
            var rows: [[any SQLExpression]] = []
            for activity in activities {
                let id = try activity.requireID()
                for fire in Self.fires(of: activity, replaced: replaced[id] ?? [], after: now, through: through) {
                    rows.append([
                        SQLBind(UUID()), SQLBind(activity.$user.id), SQLBind(id), SQLBind(fire.occurrenceStart.description),
                        SQLBind(fire.offsetMinutes), SQLBind(fire.due), SQLBind(fire.ends),
                        SQLBind(Reminder.Status.scheduled.rawValue),
                    ])
                }
            }
            // What was written for an earlier version and is still ahead goes; what is due now stays
            // (the firing checks it against the plan as it is).
            try await sql.raw(
                """
                DELETE FROM reminders WHERE activity_id IN (\(binds: ids)) AND status = 'scheduled' AND due_at > \(bind: now)
                """
            ).run()
            for chunk in rows.chunks(of: 500) {
                try await sql.insert(into: Reminder.schema)
                    .columns("id", "user_id", "activity_id", "occurrence_start", "offset_minutes", "due_at", "ends_at", "status")
                    .rows(chunk)
                    .ignoringConflicts(with: ["activity_id", "occurrence_start", "offset_minutes"])
                    .run()
            }
            try await sql.raw(
                """
                INSERT INTO reminder_horizons (activity_id, version, through)
                SELECT id, updated_at, \(bind: through) FROM activities WHERE id IN (\(binds: ids))
                ON CONFLICT (activity_id) DO UPDATE SET version = excluded.version, through = excluded.through
                """
            ).run()
            return rows.count
        }
    }

    /// The reminders of one activity due after `after`, through `through`.
    static func fires(of activity: Activity, replaced: Set<String>, after: Date, through: Date) -> [ReminderRules.Fire] {
        let offsets = activity.reminderOffsets
        guard !offsets.isEmpty else { return [] }
        let zone = activity.zone
        let window = ReminderRules.occurrenceWindow(after: after, through: through, offsets: offsets, in: zone)
        var budget = ExpansionBudget()
        guard let starts = try? activity.occurrences(between: window.lower, and: window.upper, replaced: replaced, budget: &budget)
        else { return [] }
        return ReminderRules.fires(
            of: starts,
            offsets: offsets,
            durationMinutes: activity.durationMinutes,
            allDay: activity.allDay,
            in: zone,
            after: after,
            through: through
        )
    }

    /// The occurrences of each series that were changed alone (and so are activities of their own).
    static func replaced(of series: [UUID], on db: any Database) async throws -> [UUID: Set<String>] {
        guard !series.isEmpty else { return [:] }
        var replaced: [UUID: Set<String>] = [:]
        for copy in try await Activity.query(on: db).filter(\.$seriesID ~~ series).all() {
            guard let seriesID = copy.seriesID, let start = copy.originalStart else { continue }
            replaced[seriesID, default: []].insert(start)
        }
        return replaced
    }

    /// Forgets reminders a month after they were due (the daily job).
    static func prune(on db: any Database, now: Date) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.delete(from: Reminder.schema)
            .where("due_at", .lessThan, SQLBind(now.addingTimeInterval(-ReminderRules.kept)))
            .run()
    }
}
