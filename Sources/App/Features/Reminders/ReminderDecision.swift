import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Decides each due reminder against the plan and the person as they are now: delivered, or
/// dropped with its reason.
enum ReminderDecision {
    struct Outcome: Sendable {
        let reminder: ReminderScheduler.Claimed
        /// nil: delivered.
        let reason: ReminderRules.Dropped?
        /// What the screens are told, when delivered: the person's, or for an escalation the
        /// planners'.
        var frames: [ReminderNews.Frame] = []
        /// Mails written down for the planners of an escalation.
        var mails: [Outbox.Item] = []
    }

    static func decide(_ claimed: [ReminderScheduler.Claimed], db: any Database, now: Date, accountLink: String, sms: Bool) async throws
        -> [Outcome]
    {
        let activityIDs = Array(Set(claimed.map(\.activity)))
        let userIDs = Array(Set(claimed.map(\.user)))
        let starts = Array(Set(claimed.map(\.occurrenceStart)))
        var activities: [UUID: Activity] = [:]
        var states: [String: OccurrenceState.State] = [:]
        var replaced: [UUID: Set<String>] = [:]
        var users: [UUID: Person] = [:]
        var settings: [UUID: ReminderSettings] = [:]
        // Read by column, not through the models: thousands of reminders fall due in the same second.
        guard let sql = db as? any SQLDatabase else { return [] }
        for chunk in activityIDs.chunks() {
            for row in try await sql.raw(
                """
                SELECT id, title, pictogram_id, picture_id, start, time_zone, duration_minutes, all_day, recurrence,
                    except_dates, reminders, last_start, confirm_within, confirm_tell
                FROM activities WHERE id IN (\(binds: chunk))
                """
            ).all() {
                let activity = try Self.activity(row)
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
            for row in try await sql.raw(
                "SELECT id, name, restricted_at, time_zone, locale FROM users WHERE id IN (\(binds: chunk))"
            ).all() {
                users[try row.decode(column: "id", as: UUID.self)] = Person(
                    name: try row.decode(column: "name", as: String.self),
                    restricted: try row.decode(column: "restricted_at", as: Date?.self) != nil,
                    timeZone: try row.decode(column: "time_zone", as: String.self),
                    locale: try row.decode(column: "locale", as: Language.self)
                )
            }
            for row in try await sql.raw(
                """
                SELECT user_id, quiet_from, quiet_until, sound, speech, at_start, per_hour
                FROM reminder_settings WHERE user_id IN (\(binds: chunk))
                """
            ).all() {
                let setting = ReminderSettings(user: try row.decode(column: "user_id", as: UUID.self))
                setting.quietFrom = try row.decode(column: "quiet_from", as: String?.self)
                setting.quietUntil = try row.decode(column: "quiet_until", as: String?.self)
                setting.sound = try row.decode(column: "sound", as: Bool.self)
                setting.speech = try row.decode(column: "speech", as: Bool.self)
                setting.atStart = try row.decode(column: "at_start", as: Bool.self)
                setting.perHour = try row.decode(column: "per_hour", as: Int.self)
                settings[setting.$user.id] = setting
            }
        }
        var outcomes: [Outcome] = []
        var deliverable: [(ReminderScheduler.Claimed, ReminderSettings)] = []
        var escalations: [ReminderEscalation.Due] = []
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
            if let reason {
                outcomes.append(Outcome(reminder: reminder, reason: reason))
            } else if ReminderRules.Confirmation.isEscalation(offset: reminder.offsetMinutes),
                let activity = activities[reminder.activity], let person = users[reminder.user]
            {
                escalations.append(ReminderEscalation.Due(reminder: reminder, activity: activity, person: person))
            } else {
                deliverable.append((reminder, setting))
            }
        }
        outcomes += try await ReminderEscalation.outcomes(escalations, db: db, accountLink: accountLink, sms: sms)
        // The cap per hour, counted in the database (shared by every instance): one statement a
        // person, the earliest of their reminders first.
        let waiting = Dictionary(grouping: deliverable, by: { $0.0.user })
        let allowed = try await db.writeTransaction { db in
            try await RateWindow.count(
                waiting.map { user, theirs in (key: "reminders:\(user)", uses: theirs.count, limit: theirs[0].1.perHour) },
                per: 3600, at: now, on: db
            )
        }
        var counted: [(ReminderScheduler.Claimed, ReminderSettings, Bool)] = []
        for (user, theirs) in waiting {
            let within = allowed["reminders:\(user)"] ?? 0
            for (index, (reminder, setting)) in theirs.sorted(by: { $0.0.due < $1.0.due }).enumerated() {
                counted.append((reminder, setting, index < within))
            }
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
            outcomes.append(Outcome(reminder: reminder, reason: nil, frames: [frame]))
        }
        return outcomes
    }

    /// What the decision needs of a person.
    struct Person: Sendable {
        let name: String
        let restricted: Bool
        let timeZone: String
        let locale: Language
    }

    /// The columns of an activity that say when it occurs and what it shows.
    static func activity(_ row: any SQLRow) throws -> Activity {
        let activity = Activity()
        activity.id = try row.decode(column: "id", as: UUID.self)
        activity.title = try row.decode(column: "title", as: String.self)
        activity.pictogramID = try row.decode(column: "pictogram_id", as: UUID?.self)
        activity.pictureID = try row.decode(column: "picture_id", as: UUID?.self)
        activity.start = try row.decode(column: "start", as: String.self)
        activity.timeZone = try row.decode(column: "time_zone", as: String.self)
        activity.durationMinutes = try row.decode(column: "duration_minutes", as: Int.self)
        activity.allDay = try row.decode(column: "all_day", as: Bool.self)
        activity.recurrence = try row.decode(column: "recurrence", as: String?.self)
        activity.exceptDatesText = try row.decode(column: "except_dates", as: String.self)
        activity.remindersText = try row.decode(column: "reminders", as: String.self)
        activity.lastStart = try row.decode(column: "last_start", as: String?.self)
        activity.confirmWithin = try row.decode(column: "confirm_within", as: Int?.self)
        activity.confirmTellText = try row.decode(column: "confirm_tell", as: String.self)
        return activity
    }

    /// Why this reminder is not delivered now, or nil.
    static func reason(
        _ reminder: ReminderScheduler.Claimed,
        activity: Activity?,
        replaced: Set<String>,
        state: OccurrenceState.State?,
        user: Person?,
        settings: ReminderSettings,
        now: Date
    ) -> ReminderRules.Dropped? {
        guard now < reminder.ends else { return .ended }
        guard let user, !user.restricted else { return .blocked }
        guard let activity, let start = LocalDateTime(iso: reminder.occurrenceStart),
            activity.reminderOffsets.contains(reminder.offsetMinutes),
            (try? activity.occurs(at: start, replaced: replaced)) == true
        else { return .changed }
        let escalation = ReminderRules.Confirmation.isEscalation(offset: reminder.offsetMinutes)
        if escalation, state == .done { return .confirmed }
        guard state == nil || state == .pending else { return .changed }
        // Still the same moment: a moved activity has new reminders of its own.
        let due = start.instant(in: activity.zone).addingTimeInterval(TimeInterval(-reminder.offsetMinutes * 60))
        guard abs(due.timeIntervalSince(reminder.due)) < 1 else { return .changed }
        // Quiet hours and the start prompt are the person's; an escalation goes to their planners.
        if escalation { return nil }
        if reminder.offsetMinutes == 0, !settings.atStart, !activity.reminders.contains(0) { return .startOff }
        if let quiet = settings.quietHours, quiet.contains(now, in: TimeZone.named(user.timeZone)) { return .quiet }
        return nil
    }
}
