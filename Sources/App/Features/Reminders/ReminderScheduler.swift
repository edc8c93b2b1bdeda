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

    // MARK: - Firing

    struct Claimed: Sendable {
        let id: UUID
        let user: UUID
        let activity: UUID
        let occurrenceStart: String
        let offsetMinutes: Int
        let due: Date
        let ends: Date
    }

    /// Reminders one pass takes ahead of their moment at most (the rest wait for the next pass).
    static let holdAtMost = 50_000

    /// Takes the reminders due now and, with `ahead`, those due within that many seconds; decides
    /// each, and tells and marks each at its moment: what is due now before answering, what is
    /// ahead in a task that waits for it. Thousands due at the same minute (08:00 everywhere) are
    /// so taken and decided in the seconds before it, and told as it comes. Answers what was
    /// delivered and dropped now.
    func fire(app: Application, now: Date, ahead: TimeInterval = 0) async throws -> (delivered: Int, dropped: Int) {
        var held: [ReminderDecision.Outcome] = []
        while held.count < Self.holdAtMost {
            let claimed = try await claim(db: app.db, through: now.addingTimeInterval(ahead), now: now)
            guard !claimed.isEmpty else { break }
            // Decided as at their moment (quiet hours, the cap, an occurrence that ends).
            let at = max(now, claimed.map(\.due).max() ?? now)
            held += try await ReminderDecision.decide(
                claimed, db: app.db, now: at, accountLink: app.config.link("account"), sms: app.sms != nil
            )
            if claimed.count < Self.claimBatch { break }
        }
        let moments = Dictionary(grouping: held, by: \.reminder.due).sorted { $0.key < $1.key }
        let current = app.clock.now
        var delivered = 0
        var dropped = 0
        for (_, group) in moments where group[0].reminder.due <= current {
            try await deliver(group, app: app)
            delivered += group.filter { $0.reason == nil }.count
            dropped += group.filter { $0.reason != nil }.count
        }
        let later = moments.filter { $0.key > current }
        if !later.isEmpty {
            Task {
                for (due, group) in later {
                    while app.clock.now < due {
                        try? await Task.sleep(for: .milliseconds(max(1, min(50, Int(due.timeIntervalSince(app.clock.now) * 1000)))))
                    }
                    do {
                        try await deliver(group, app: app)
                    } catch {
                        // Their lease runs out, and a later pass takes them again.
                        app.logger.warning("reminders not fired", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                    }
                }
            }
        }
        return (delivered, dropped)
    }

    /// Tells the screens (and push services, and writes the mails of escalations), then marks.
    private func deliver(_ decided: [ReminderDecision.Outcome], app: Application) async throws {
        let frames = decided.flatMap(\.frames)
        // Told first, then marked: an instance that stops in between leaves the reminder to
        // another, and the screens know its id.
        await ReminderNews.tell(frames, app: app, instance: instance)
        let told = app.clock.now
        // Browsers that sleep hear of it through their push service, without holding the firing up.
        let ends = Dictionary(decided.map { ($0.reminder.id, $0.reminder.ends) }) { first, _ in first }
        Task { await ReminderPush.send(frames, ends: ends, app: app, now: told) }
        // Mails are written down before the reminder is marked; their keys keep a repeat to one.
        try await Outbox.enqueue(decided.flatMap(\.mails), on: app.db, now: told)
        try await finish(decided, db: app.db, now: told)
    }

    /// The reminders due by `through` not taken (or whose lease ran out), taken by this instance.
    func claim(db: any Database, through: Date, now: Date) async throws -> [Claimed] {
        let until = now.addingTimeInterval(Self.lease)
        let instance = instance
        return try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return [] }
            let skipLocked: SQLQueryString = sql.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
            let rows = try await sql.direct(
                """
                UPDATE reminders SET status = 'firing', leased_by = \(bind: instance), lease_until = \(bind: until)
                WHERE id IN (
                    SELECT id FROM reminders
                    WHERE status IN ('scheduled', 'firing') AND due_at <= \(bind: through)
                        AND (status = 'scheduled' OR lease_until < \(bind: now))
                    ORDER BY due_at LIMIT \(literal: Self.claimBatch)\(skipLocked)
                )
                RETURNING id, user_id, activity_id, occurrence_start, offset_minutes, due_at, ends_at
                """
            )
            return try rows.map {
                Claimed(
                    id: try $0.decode(column: "id", as: UUID.self),
                    user: try $0.decode(column: "user_id", as: UUID.self),
                    activity: try $0.decode(column: "activity_id", as: UUID.self),
                    occurrenceStart: try $0.decode(column: "occurrence_start", as: String.self),
                    offsetMinutes: try $0.decode(column: "offset_minutes", as: Int.self),
                    due: try $0.decode(column: "due_at", as: Date.self),
                    ends: try $0.decode(column: "ends_at", as: Date.self)
                )
            }.sorted { $0.due < $1.due }
        }
    }

    /// Marks what this instance decided, on the reminders it still holds.
    private func finish(_ decided: [ReminderDecision.Outcome], db: any Database, now: Date) async throws {
        let instance = instance
        let groups = Dictionary(grouping: decided) { $0.reason?.rawValue ?? "" }
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for (reason, outcomes) in groups {
                let status = reason.isEmpty ? Reminder.Status.delivered : .dropped
                for chunk in outcomes.map(\.reminder.id).chunks(of: 500) {
                    try await sql.raw(
                        """
                        UPDATE reminders SET status = \(bind: status.rawValue), reason = \(bind: reason.isEmpty ? nil : reason),
                            fired_at = \(bind: now), lease_until = NULL
                        WHERE id IN (\(binds: chunk)) AND leased_by = \(bind: instance) AND status = 'firing'
                        """
                    ).run()
                }
            }
        }
    }

    /// Forgets reminders a month after they were due (the daily job).
    static func prune(on db: any Database, now: Date) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.delete(from: Reminder.schema)
            .where("due_at", .lessThan, SQLBind(now.addingTimeInterval(-ReminderRules.kept)))
            .run()
    }
}
