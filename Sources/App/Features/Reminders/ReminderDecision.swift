import Fluent
import MobilizeCore
import Vapor

/// Decides each due reminder against the plan and the person as they are now: delivered, or
/// dropped with its reason.
enum ReminderDecision {
    struct Outcome: Sendable {
        let reminder: ReminderScheduler.Claimed
        /// nil: delivered.
        let reason: ReminderRules.Dropped?
        /// What the screens are told, when delivered.
        var frame: ReminderNews.Frame? = nil
    }

    static func decide(_ claimed: [ReminderScheduler.Claimed], db: any Database, now: Date) async throws -> [Outcome] {
        let activityIDs = Array(Set(claimed.map(\.activity)))
        let userIDs = Array(Set(claimed.map(\.user)))
        let starts = Array(Set(claimed.map(\.occurrenceStart)))
        var activities: [UUID: Activity] = [:]
        var states: [String: OccurrenceState.State] = [:]
        var replaced: [UUID: Set<String>] = [:]
        var users: [UUID: User] = [:]
        var settings: [UUID: ReminderSettings] = [:]
        for chunk in activityIDs.chunks() {
            for activity in try await Activity.query(on: db).filter(\.$id ~~ chunk).all() {
                activities[try activity.requireID()] = activity
            }
            for state in try await OccurrenceState.query(on: db).filter(\.$activity.$id ~~ chunk)
                .filter(\.$localStart ~~ starts).all()
            {
                states["\(state.$activity.id)@\(state.localStart)"] = state.state
            }
            replaced.merge(try await ReminderScheduler.replaced(of: chunk, on: db)) { $0.union($1) }
        }
        for chunk in userIDs.chunks() {
            for user in try await User.query(on: db).filter(\.$id ~~ chunk).all() { users[try user.requireID()] = user }
            for setting in try await ReminderSettings.query(on: db).filter(\.$user.$id ~~ chunk).all() {
                settings[setting.$user.id] = setting
            }
        }
        var outcomes: [Outcome] = []
        var deliverable: [(ReminderScheduler.Claimed, ReminderSettings)] = []
        for reminder in claimed {
            let setting = settings[reminder.user] ?? ReminderSettings(user: reminder.user)
            let reason = Self.reason(
                reminder,
                activity: activities[reminder.activity],
                replaced: replaced[reminder.activity] ?? [],
                state: states["\(reminder.activity)@\(reminder.occurrenceStart)"],
                user: users[reminder.user],
                settings: setting,
                now: now
            )
            if let reason { outcomes.append(Outcome(reminder: reminder, reason: reason)) } else { deliverable.append((reminder, setting)) }
        }
        // The cap per hour, counted in the database (shared by every instance).
        // The cap per hour, counted in the database (shared by every instance): one statement a
        // person, the earliest of their reminders first.
        let waiting = Dictionary(grouping: deliverable, by: { $0.0.user })
        let counted = try await db.writeTransaction { db in
            var counted: [(ReminderScheduler.Claimed, ReminderSettings, Bool)] = []
            for (user, theirs) in waiting {
                let allowed = try await RateWindow.count(
                    "reminders:\(user)", uses: theirs.count, limit: theirs[0].1.perHour, per: 3600, at: now, on: db
                )
                for (index, (reminder, setting)) in theirs.sorted(by: { $0.0.due < $1.0.due }).enumerated() {
                    counted.append((reminder, setting, index < allowed))
                }
            }
            return counted
        }
        for (reminder, setting, within) in counted {
            guard within, let activity = activities[reminder.activity], let user = users[reminder.user] else {
                outcomes.append(Outcome(reminder: reminder, reason: .tooMany))
                continue
            }
            let frame = try ReminderNews.frame(
                id: reminder.id, user: reminder.user, occurrenceStart: reminder.occurrenceStart,
                offsetMinutes: reminder.offsetMinutes, activity: activity, language: user.locale, settings: setting
            )
            outcomes.append(Outcome(reminder: reminder, reason: nil, frame: frame))
        }
        return outcomes
    }

    /// Why this reminder is not delivered now, or nil.
    static func reason(
        _ reminder: ReminderScheduler.Claimed,
        activity: Activity?,
        replaced: Set<String>,
        state: OccurrenceState.State?,
        user: User?,
        settings: ReminderSettings,
        now: Date
    ) -> ReminderRules.Dropped? {
        guard now < reminder.ends else { return .ended }
        guard let user, user.restrictedAt == nil else { return .blocked }
        guard let activity, let start = LocalDateTime(iso: reminder.occurrenceStart),
            ReminderRules.offsets(activity.reminders, allDay: activity.allDay).contains(reminder.offsetMinutes),
            (try? activity.occurs(at: start, replaced: replaced)) == true,
            state == nil || state == .pending
        else { return .changed }
        // Still the same moment: a moved activity has new reminders of its own.
        let due = start.instant(in: activity.zone).addingTimeInterval(TimeInterval(-reminder.offsetMinutes * 60))
        guard abs(due.timeIntervalSince(reminder.due)) < 1 else { return .changed }
        if reminder.offsetMinutes == 0, !settings.atStart, !activity.reminders.contains(0) { return .startOff }
        if let quiet = settings.quietHours, quiet.contains(now, in: TimeZone.named(user.timeZone)) { return .quiet }
        return nil
    }
}
