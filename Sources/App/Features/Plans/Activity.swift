import Fluent
import Foundation
import MobilizeCore
import Vapor

/// Something in a user's plan: once, or repeating by an RFC 5545 rule, at a wall-clock time in
/// its time zone. Made by the user or by one of their planners ("for you", "by you").
package final class Activity: Model, @unchecked Sendable {
    package static let schema = "activities"

    package struct Step: Codable, Sendable, Equatable {
        var id: UUID
        var text: String
        var pictogramId: UUID?
        var pictureId: UUID?

        package init(id: UUID, text: String, pictogramId: UUID? = nil, pictureId: UUID? = nil) {
            (self.id, self.text, self.pictogramId, self.pictureId) = (id, text, pictogramId, pictureId)
        }
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "created_by") package var createdBy: User?
    @Field(key: "title") package var title: String
    @OptionalField(key: "description") package var details: String?
    @OptionalField(key: "pictogram_id") package var pictogramID: UUID?
    @OptionalField(key: "picture_id") package var pictureID: UUID?
    @Field(key: "colour") package var colour: String
    /// `YYYY-MM-DDTHH:MM` on the wall clock of `timeZone`.
    @Field(key: "start") package var start: String
    @Field(key: "time_zone") package var timeZone: String
    @Field(key: "duration_minutes") package var durationMinutes: Int
    @Field(key: "all_day") package var allDay: Bool
    @OptionalField(key: "location") package var location: String?
    /// An RRULE value without "RRULE:", or nil for a single occurrence.
    @OptionalField(key: "recurrence") package var recurrence: String?
    /// Local dates (`YYYY-MM-DD`) left out of the recurrence, comma-separated.
    @Field(key: "except_dates") package var exceptDatesText: String
    /// The checklist steps, as JSON.
    @Field(key: "steps") package var stepsJSON: String
    /// Minutes before the start, comma-separated.
    @Field(key: "reminders") package var remindersText: String
    /// Minutes after the start that the person has to mark an occurrence done, or nil when it
    /// needs no confirmation.
    @OptionalField(key: "confirm_within") package var confirmWithin: Int?
    /// The people told (once) when an occurrence is not confirmed in time: ids of the user's
    /// planners, comma-separated. Only those still in the user's circle are told.
    @Field(key: "confirm_tell") package var confirmTellText: String
    @Field(key: "timer") package var timer: Bool
    @Field(key: "private") var isPrivate: Bool
    /// For a changed single occurrence of a series ("only this one"): the series, and the local
    /// start of the occurrence it replaces (as RECURRENCE-ID does in iCalendar).
    @OptionalField(key: "series_id") package var seriesID: UUID?
    @OptionalField(key: "original_start") package var originalStart: String?
    /// No occurrence starts after this local time (`YYYY-MM-DDTHH:MM`, in `timeZone`); nil for a
    /// series without end. Kept by `ActivitySeriesEnd` on every save, so a plan read skips what
    /// has ended and expands a counted series from the week it reads.
    @OptionalField(key: "last_start") package var lastStart: String?
    /// The goal an occurrence marked done counts for.
    @OptionalParent(key: "goal_id") package var goal: Goal?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    /// A new activity with the defaults a new one has: 30 minutes, the usual colour, no steps,
    /// reminders, exceptions or recurrence.
    package init(user: UUID, createdBy: UUID, title: String, start: String, timeZone: String, now: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.title = title
        self.start = start
        self.timeZone = timeZone
        self.colour = "#4A90D9"
        self.durationMinutes = 30
        self.allDay = false
        self.exceptDatesText = ""
        self.stepsJSON = "[]"
        self.remindersText = ""
        self.confirmTellText = ""
        self.timer = false
        self.isPrivate = false
        self.createdAt = now
        self.updatedAt = now
    }

    package var exceptDates: [String] {
        get { exceptDatesText.isEmpty ? [] : exceptDatesText.split(separator: ",").map(String.init) }
        set { exceptDatesText = newValue.joined(separator: ",") }
    }

    package var reminders: [Int] {
        get { remindersText.isEmpty ? [] : remindersText.split(separator: ",").compactMap { Int($0) } }
        set { remindersText = newValue.map(String.init).joined(separator: ",") }
    }

    package var confirmTell: [UUID] {
        get { confirmTellText.isEmpty ? [] : confirmTellText.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { confirmTellText = newValue.map { $0.uuidString.lowercased() }.joined(separator: ",") }
    }

    /// Every offset its reminders are written down with: its own, its start, its escalation.
    package var reminderOffsets: [Int] {
        ReminderRules.offsets(reminders, allDay: allDay, confirmWithin: confirmWithin)
    }

    package var steps: [Step] {
        get { (try? JSONDecoder().decode([Step].self, from: Data(stepsJSON.utf8))) ?? [] }
        set { stepsJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }

    package var zone: TimeZone { TimeZone.named(timeZone) }

    package var startTime: LocalDateTime? { LocalDateTime(iso: start) }

    package var rule: RecurrenceRule? { recurrence.flatMap { try? RecurrenceRule(parsing: $0) } }

    /// The local starts of its occurrences from `lower` through `upper`, in the activity's own
    /// zone, without the excepted dates and the occurrences replaced by a changed one (`replaced`).
    package func occurrences(
        between lower: LocalDateTime,
        and upper: LocalDateTime,
        replaced: Set<String> = [],
        budget: inout ExpansionBudget
    ) throws(ExpansionBudget.Exceeded) -> [LocalDateTime] {
        guard let startTime else { return [] }
        guard let rule else { return lower <= startTime && startTime <= upper ? [startTime] : [] }
        let excepted = Set(exceptDates)
        let end = lastStart.flatMap(LocalDateTime.init(iso:)).map(RecurrenceRule.SeriesEnd.notAfter)
        return try rule.occurrences(from: startTime, in: zone, between: lower, and: upper, end: end, budget: &budget)
            .filter { !excepted.contains($0.date.description) && !replaced.contains($0.description) }
    }

    /// Whether one of its occurrences starts at `time` (and is not excepted or replaced).
    package func occurs(at time: LocalDateTime, replaced: Set<String> = []) throws(ExpansionBudget.Exceeded) -> Bool {
        var budget = ExpansionBudget()
        return try occurrences(between: time, and: time, replaced: replaced, budget: &budget) == [time]
    }

    /// The start of its last occurrence (of a series with COUNT or UNTIL), or nil when it never ends.
    package func seriesLastStart(budget: inout ExpansionBudget) throws(ExpansionBudget.Exceeded) -> String? {
        guard let rule, let startTime else { return start }
        switch try rule.end(from: startTime, in: zone, budget: &budget) {
        case .never: return nil
        case .notAfter(let last): return last.description
        case .noOccurrence: return start
        }
    }

    /// A copy with the same content and no id (for an occurrence changed alone, or the rest of a
    /// series changed from one occurrence on).
    package func copy() -> Activity {
        let copy = Activity()
        copy.$user.id = $user.id
        copy.$createdBy.id = $createdBy.id
        copy.title = title
        copy.details = details
        copy.pictogramID = pictogramID
        copy.pictureID = pictureID
        copy.$goal.id = $goal.id
        copy.colour = colour
        copy.start = start
        copy.timeZone = timeZone
        copy.durationMinutes = durationMinutes
        copy.allDay = allDay
        copy.location = location
        copy.recurrence = recurrence
        copy.exceptDatesText = exceptDatesText
        copy.stepsJSON = stepsJSON
        copy.remindersText = remindersText
        copy.confirmWithin = confirmWithin
        copy.confirmTellText = confirmTellText
        copy.timer = timer
        copy.isPrivate = isPrivate
        copy.createdAt = createdAt
        copy.updatedAt = updatedAt
        return copy
    }
}

/// The state of one occurrence, and its ticked steps: pending until someone says otherwise.
package final class OccurrenceState: Model, @unchecked Sendable {
    package static let schema = "occurrence_states"

    package enum State: String, Codable, Sendable, CaseIterable {
        case pending, done, skipped, cancelled
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "activity_id") package var activity: Activity
    /// The occurrence's local start, `YYYY-MM-DDTHH:MM`, as the plan names it.
    @Field(key: "local_start") package var localStart: String
    @Field(key: "state") package var state: State
    /// Ids of the ticked steps, comma-separated.
    @Field(key: "steps_done") package var stepsDoneText: String
    @OptionalParent(key: "changed_by") package var changedBy: User?
    @Field(key: "changed_at") package var changedAt: Date

    package init() {}

    package var stepsDone: [UUID] {
        get { stepsDoneText.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { stepsDoneText = newValue.map(\.uuidString).joined(separator: ",") }
    }
}

extension TimeZone {
    /// A zone by its IANA name; a name the system does not know (they are validated on the way in)
    /// falls back to Copenhagen's.
    static func named(_ identifier: String) -> TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(identifier: "Europe/Copenhagen")!
    }
}
