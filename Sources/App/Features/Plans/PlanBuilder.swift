import Fluent
import Foundation
import MobilizeCore

/// Builds the plan of days for one user: every occurrence of every activity in the range, on the
/// user's wall clock, in order, with its state. One query for the activities, one for the states.
struct PlanBuilder {
    let db: any Database
    let user: User
    /// Who looks: another person's private activities show only as busy.
    let viewer: UUID
    let now: Date

    /// The days of a range as one viewer sees them; kept in the access cache, which every change
    /// empties, so a device refreshing its week reads no database.
    struct Days: Sendable {
        let all: [OccurrenceDTO]
        /// Each of `all` as JSON, for now and next.
        let allJSON: [Data]
        /// The days, already as JSON: most of the answer, and the same for every request.
        let daysJSON: Data
        /// `"from":…,` and the rest that never changes, as JSON.
        let tailJSON: Data
    }

    /// As the API encodes everything (see `configure`): keys sorted, ISO 8601 dates.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    struct Key: Hashable {
        let user: UUID
        let from: LocalDate
        let to: LocalDate
        let ownView: Bool
    }

    /// The plan as the JSON body of `PlanDTO`: the days from the cache, now and next from the clock.
    func plan(from: LocalDate, to: LocalDate, cache: AccessCache?) async throws -> Data {
        let userID = try user.requireID()
        let zone = TimeZone.named(user.timeZone)
        let key = Key(user: userID, from: from, to: to, ownView: viewer == userID)
        let result =
            if let cache {
                try await cache.derived(key, at: now) { try await days(from: from, to: to, zone: zone) }
            } else {
                try await days(from: from, to: to, zone: zone)
            }
        // The keys in the order the API's sorted encoder writes them; only now and next change.
        let current = LocalDateTime(instant: now, in: zone).description
        let live = result.all.indices.filter { result.all[$0].state != .cancelled && !result.all[$0].allDay }
        let null = Data("null".utf8)
        let next = live.first { result.all[$0].start > current }.map { result.allJSON[$0] } ?? null
        // Of overlapping activities the one that began last is now: lunch, not the school day around it.
        let running =
            live.last { result.all[$0].start <= current && current < result.all[$0].end }.map { result.allJSON[$0] }
            ?? null
        var body = JSONParts.daysKey
        body.reserveCapacity(result.daysJSON.count + result.tailJSON.count + next.count + running.count + 64)
        body += result.daysJSON
        body += Data(",\"from\":\"\(from)\",\"next\":".utf8) + next
        body += Data(",\"now\":".utf8) + running
        body += result.tailJSON
        return body
    }

    /// The text that opens and closes the plan's JSON object.
    private enum JSONParts {
        static let daysKey = Data("{\"days\":".utf8)
        static let end = Data("}".utf8)
    }

    /// Every occurrence from `from` to `to` as the viewer sees it, in order (read anew, not cached).
    func occurrences(from: LocalDate, to: LocalDate) async throws -> [OccurrenceDTO] {
        let zone = TimeZone.named(user.timeZone)
        return try await days(from: from, to: to, zone: zone).all
    }

    /// The day (on the user's clock) and state of every occurrence in the range the viewer may
    /// count, without building what the plan shows: for the goals' overview. Another person's
    /// private activities are left out.
    func occurrenceStates(from: LocalDate, to: LocalDate) async throws -> [(date: LocalDate, state: OccurrenceState.State)] {
        let zone = TimeZone.named(user.timeZone)
        let activities = try await activities(from: from, to: to).filter { !$0.isPrivate || $0.$user.id == viewer }
        let found = try starts(of: activities, replaced: try await replacedOccurrences(), from: from, to: to, zone: zone)
        let states = try await states(of: activities)
        return try found.map { item in
            (item.userStart.date, states["\(try item.activity.requireID())|\(item.localStart.description)"]?.state ?? .pending)
        }
    }

    /// One occurrence found in the range: its activity, its start as the activity's rule names it,
    /// and its start on the user's clock.
    private typealias Found = (activity: Activity, localStart: LocalDateTime, userStart: LocalDateTime)

    private func days(from: LocalDate, to: LocalDate, zone: TimeZone) async throws -> Days {
        let userID = try user.requireID()
        let activities = try await activities(from: from, to: to)
        let replaced = try await replacedOccurrences()
        var found = try starts(of: activities, replaced: replaced, from: from, to: to, zone: zone)
        let states = try await states(of: activities)
        found.sort { ($0.userStart, $0.activity.title) < ($1.userStart, $1.activity.title) }
        var days: [String: [OccurrenceDTO]] = [:]
        var all: [OccurrenceDTO] = []
        for item in found {
            let id = try item.activity.requireID()
            let occurrence = self.occurrence(item, id: id, state: states["\(id)|\(item.localStart.description)"])
            // On every day it spans in the range: an evening shift into the night shows on both days.
            let firstDay = max(item.userStart.date, from)
            let lastDay = min(item.userStart.adding(minutes: max(item.activity.durationMinutes, 1) - 1).date, to)
            for day in firstDay.dayNumber...max(firstDay.dayNumber, lastDay.dayNumber) {
                days[LocalDate(dayNumber: day).description, default: []].append(occurrence)
            }
            all.append(occurrence)
        }
        let dayList = (0...(to.dayNumber - from.dayNumber)).map { offset in
            let date = from.adding(days: offset).description
            return PlanDayDTO(date: date, occurrences: days[date] ?? [])
        }
        let encoder = Self.encoder()
        let tail =
            try Data(",\"timeZone\":".utf8) + encoder.encode(user.timeZone) + Data(",\"to\":\"\(to)\",\"userId\":".utf8)
            + encoder.encode(userID) + JSONParts.end
        return Days(
            all: all,
            allJSON: try all.map { try encoder.encode($0) },
            daysJSON: try encoder.encode(dayList),
            tailJSON: tail
        )
    }

    /// The user's activities that may occur in the range: a day either side in local time, for
    /// activities kept in other zones, and a week before for those that started earlier and are
    /// still going on (at most 10,080 minutes long).
    private func activities(from: LocalDate, to: LocalDate) async throws -> [Activity] {
        let userID = try user.requireID()
        let through = LocalDateTime(date: to.adding(days: 1), hour: 23, minute: 59)
        let endedBefore = LocalDateTime(date: from.adding(days: -9), hour: 0, minute: 0)
        return try await Activity.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$start <= through.description)
            .group(.or) { $0.filter(\.$lastStart == nil).filter(\.$lastStart >= endedBefore.description) }
            .all()
    }

    /// The occurrences changed alone, by series: each replaces its series' occurrence, wherever it moved to.
    private func replacedOccurrences() async throws -> [UUID: Set<String>] {
        let userID = try user.requireID()
        var replaced: [UUID: Set<String>] = [:]
        for change in try await Activity.query(on: db).filter(\.$user.$id == userID).filter(\.$seriesID != nil).all() {
            if let series = change.seriesID, let original = change.originalStart {
                replaced[series, default: []].insert(original)
            }
        }
        return replaced
    }

    /// Every start of the activities that is, or is still going on, in the range on the user's clock.
    private func starts(
        of activities: [Activity],
        replaced: [UUID: Set<String>],
        from: LocalDate,
        to: LocalDate,
        zone: TimeZone
    ) throws -> [Found] {
        let lastMinute = LocalDateTime(date: to, hour: 23, minute: 59)
        let fromMidnight = LocalDateTime(date: from, hour: 0, minute: 0)
        let first = fromMidnight.instant(in: zone)
        let last = lastMinute.instant(in: zone)
        var budget = ExpansionBudget()
        var found: [Found] = []
        for activity in activities {
            // In the activity's own zone: from what may still be going on at the first minute to the last.
            let lower = LocalDateTime(instant: first, in: activity.zone)
                .adding(minutes: -activity.durationMinutes - 120)
            let upper = LocalDateTime(instant: last, in: activity.zone).adding(minutes: 120)
            let starts = try activity.occurrences(
                between: lower,
                and: upper,
                replaced: replaced[activity.id ?? UUID()] ?? [],
                budget: &budget
            )
            for start in starts {
                // The real time on the user's clock: another zone's activity is converted, and a
                // time skipped by daylight saving (02:30 on the spring-forward day) moves on by the gap.
                let userStart = LocalDateTime(instant: start.instant(in: activity.zone), in: zone)
                let userEnd = userStart.adding(minutes: activity.durationMinutes)
                guard userStart <= lastMinute, userStart >= fromMidnight || userEnd > fromMidnight else { continue }
                found.append((activity, start, userStart))
            }
            guard found.count <= PlanWindow.maxOccurrences else { throw ExpansionBudget.Exceeded() }
        }
        return found
    }

    /// The states of the activities' occurrences, by activity and local start.
    private func states(of activities: [Activity]) async throws -> [String: OccurrenceState] {
        let ids = try activities.map { try $0.requireID() }
        var states: [String: OccurrenceState] = [:]
        for chunk in ids.chunks() {
            for state in try await OccurrenceState.query(on: db).filter(\.$activity.$id ~~ chunk).all() {
                states["\(state.$activity.id)|\(state.localStart)"] = state
            }
        }
        return states
    }

    /// One occurrence as the viewer sees it: another person's private activity only as busy.
    private func occurrence(_ item: Found, id: UUID, state: OccurrenceState?) -> OccurrenceDTO {
        let activity = item.activity
        let hidden = activity.isPrivate && viewer != activity.$user.id
        return OccurrenceDTO(
            activityId: id,
            localStart: item.localStart.description,
            start: item.userStart.description,
            end: item.userStart.adding(minutes: activity.durationMinutes).description,
            title: hidden ? nil : activity.title,
            description: hidden ? nil : activity.details,
            location: hidden ? nil : activity.location,
            busy: hidden,
            allDay: activity.allDay,
            state: state?.state ?? .pending,
            steps: hidden ? [] : activity.stepDTOs,
            stepsDone: hidden ? [] : state?.stepsDone ?? [],
            pictogramId: hidden ? nil : activity.pictogramID,
            pictureId: hidden ? nil : activity.pictureID,
            colour: hidden ? nil : activity.colour,
            timer: activity.timer,
            recurring: activity.recurrence != nil,
            private: activity.isPrivate,
            createdBy: hidden ? nil : activity.$createdBy.id,
            seriesId: activity.seriesID,
            originalStart: activity.originalStart
        )
    }
}
