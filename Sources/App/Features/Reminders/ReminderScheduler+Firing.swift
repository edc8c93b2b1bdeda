import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// The firing: due reminders taken with a lease, decided, told at their moment and marked.
extension ReminderScheduler {
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
}
