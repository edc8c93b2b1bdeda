import Fluent
import Foundation
import MobilizeCore

/// A user's plan as an iCalendar feed, as the feed's maker sees it: series with their rule,
/// excepted dates and changed occurrences as in the plan, cancelled occurrences as cancelled,
/// reminders as alarms, another person's private activities only as busy.
struct CalendarFeedBuilder {
    let db: any Database
    let user: User
    /// Who reads: the maker of the feed.
    let viewer: UUID
    let language: Language
    let now: Date
    /// Single activities that ended longer ago than this are left out.
    static let history: TimeInterval = 90 * 86_400

    static func uid(_ id: UUID) -> String { "\(id.uuidString.lowercased())@mobilize" }

    func calendar() async throws -> ICalendar {
        let zone = TimeZone.named(user.timeZone)
        let activities = try await activities(in: zone)
        let cancelled = try await cancelledOccurrences(of: activities)
        let series = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a) } })
        var replaced: [UUID: Set<String>] = [:]
        for activity in activities {
            if let id = activity.seriesID, let original = activity.originalStart {
                replaced[id, default: []].insert(original)
            }
        }
        let oldest = now.addingTimeInterval(-Self.history)
        var budget = ExpansionBudget()
        var events: [ICalendar.Event] = []
        for activity in activities {
            guard let start = activity.startTime, let id = activity.id else { continue }
            let event = self.event(for: activity, start: start)
            if let rule = activity.rule {
                // A cancelled occurrence not changed alone: an override that says so.
                let overrides = (cancelled[id] ?? []).subtracting(replaced[id] ?? [])
                events += Self.seriesEvents(
                    event,
                    rule: rule,
                    of: activity,
                    start: start,
                    cancelled: overrides,
                    budget: &budget
                )
                continue
            }
            let end = start.adding(minutes: activity.durationMinutes).instant(in: activity.zone)
            guard end >= oldest else { continue }
            events.append(Self.single(event, of: activity, start: start, cancelled: cancelled[id], series: series))
        }
        return ICalendar(name: "\(user.name) – Mobilize", zone: zone, events: events, stamp: now)
    }

    /// The user's activities that may still be in the feed, by start: what ended before the feed's
    /// history began is not in it.
    private func activities(in zone: TimeZone) async throws -> [Activity] {
        let userID = try user.requireID()
        let since = LocalDateTime(instant: now.addingTimeInterval(-Self.history), in: zone).adding(minutes: -20_000)
        return try await Activity.query(on: db).filter(\.$user.$id == userID)
            .group(.or) { $0.filter(\.$lastStart == nil).filter(\.$lastStart >= since.description) }
            .sort(\.$start).all()
    }

    /// The cancelled occurrences of each activity, by local start.
    private func cancelledOccurrences(of activities: [Activity]) async throws -> [UUID: Set<String>] {
        let ids = try activities.map { try $0.requireID() }
        var cancelled: [UUID: Set<String>] = [:]
        for chunk in ids.chunks() {
            for state in try await OccurrenceState.query(on: db).filter(\.$activity.$id ~~ chunk)
                .filter(\.$state == .cancelled).all()
            {
                cancelled[state.$activity.id, default: []].insert(state.localStart)
            }
        }
        return cancelled
    }

    /// A series: its event with the rule and excepted dates, and an override for each of the
    /// `cancelled` local starts; none when the rule has no occurrence the feed's budget finds.
    private static func seriesEvents(
        _ series: ICalendar.Event,
        rule: RecurrenceRule,
        of activity: Activity,
        start: LocalDateTime,
        cancelled: Set<String>,
        budget: inout ExpansionBudget
    ) -> [ICalendar.Event] {
        // DTSTART is the first occurrence, so that it is one by every reading of RFC 5545.
        guard let first = firstOccurrence(of: rule, from: start, in: activity.zone, budget: &budget) else { return [] }
        var event = series
        event.start = first
        event.rule = rule
        event.exceptions = activity.exceptDates.compactMap(LocalDate.init(iso:)).map {
            LocalDateTime(date: $0, hour: start.hour, minute: start.minute)
        }
        var events = [event]
        for text in cancelled.sorted() {
            guard let time = LocalDateTime(iso: text) else { continue }
            var override = event
            override.rule = nil
            override.exceptions = []
            override.start = time
            override.recurrenceID = time
            override.cancelled = true
            events.append(override)
        }
        return events
    }

    /// A single activity, cancelled or not; one changed alone from a series is that series'
    /// occurrence (RECURRENCE-ID).
    private static func single(
        _ single: ICalendar.Event,
        of activity: Activity,
        start: LocalDateTime,
        cancelled: Set<String>?,
        series: [UUID: Activity]
    ) -> ICalendar.Event {
        var event = single
        event.cancelled = cancelled?.contains(activity.start) ?? false
        if let seriesID = activity.seriesID,
            let original = activity.originalStart.flatMap(LocalDateTime.init(iso:)),
            let parent = series[seriesID], parent.rule != nil
        {
            event.uid = uid(seriesID)
            event.recurrenceID = original
            event.zone = parent.zone
            if parent.timeZone != activity.timeZone {
                // RECURRENCE-ID is in the series' zone; the start moves to it too.
                event.start = LocalDateTime(instant: start.instant(in: activity.zone), in: parent.zone)
            }
        }
        return event
    }

    private func event(for activity: Activity, start: LocalDateTime) -> ICalendar.Event {
        let hidden = activity.isPrivate && viewer != activity.$user.id
        var event = ICalendar.Event(
            uid: Self.uid(activity.id ?? UUID()),
            start: start,
            durationMinutes: activity.durationMinutes,
            allDay: activity.allDay,
            zone: activity.zone,
            summary: hidden ? (language == .da ? "Optaget" : "Busy") : activity.title,
            created: activity.createdAt,
            modified: activity.updatedAt
        )
        event.isPrivate = activity.isPrivate
        guard !hidden else { return event }
        let steps = activity.steps.map { "• " + $0.text }
        let parts = [activity.details].compactMap { $0 } + (steps.isEmpty ? [] : [steps.joined(separator: "\n")])
        event.description = parts.isEmpty ? nil : parts.joined(separator: "\n\n")
        event.location = activity.location
        event.alarms = activity.reminders
        return event
    }

    /// The first occurrence of a rule from `start` (a start that does not match the rule is none).
    /// Rules are checked to occur when they are saved; one that takes more than the feed's budget
    /// to find is left out rather than making the feed slow.
    static func firstOccurrence(
        of rule: RecurrenceRule,
        from start: LocalDateTime,
        in zone: TimeZone,
        budget: inout ExpansionBudget
    ) -> LocalDateTime? {
        var ruleOfOne = rule
        ruleOfOne.until = nil
        guard let first = try? ruleOfOne.first(from: start, in: zone, budget: &budget) else { return nil }
        switch rule.until {
        case .local(let limit)? where first > limit: return nil
        case .utc(let limit)? where first.instant(in: zone) > limit: return nil
        default: return first
        }
    }
}
