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

    func plan(from: LocalDate, to: LocalDate) async throws -> PlanDTO {
        let userID = try user.requireID()
        let zone = TimeZone(identifier: user.timeZone) ?? TimeZone(identifier: "Europe/Copenhagen")!
        let lastMinute = LocalDateTime(date: to, hour: 23, minute: 59)
        let fromMidnight = LocalDateTime(date: from, hour: 0, minute: 0)
        // A day later than the range, so that an activity in another zone that lands in it is found.
        let through = LocalDateTime(date: to.adding(days: 1), hour: 23, minute: 59)
        let activities = try await Activity.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$start <= through.description).all()
        var found: [(activity: Activity, localStart: LocalDateTime, userStart: LocalDateTime)] = []
        for activity in activities {
            // Occurrences that may end inside the range start up to the activity's length earlier.
            for start in activity.occurrences(through: through) {
                let userStart =
                    activity.timeZone == user.timeZone
                    ? start : LocalDateTime(instant: start.instant(in: activity.zone), in: zone)
                let userEnd = userStart.adding(minutes: activity.durationMinutes)
                guard userStart <= lastMinute, userStart >= fromMidnight || userEnd > fromMidnight else { continue }
                found.append((activity, start, userStart))
            }
        }
        let ids = try activities.map { try $0.requireID() }
        var states: [String: OccurrenceState] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            for state in try await OccurrenceState.query(on: db)
                .filter(\.$activity.$id ~~ Array(ids[chunk..<min(chunk + 500, ids.count)])).all()
            {
                states["\(state.$activity.id)|\(state.localStart)"] = state
            }
        }
        found.sort { ($0.userStart, $0.activity.title) < ($1.userStart, $1.activity.title) }
        var days: [String: [OccurrenceDTO]] = [:]
        var all: [OccurrenceDTO] = []
        for item in found {
            let activity = item.activity
            let id = try activity.requireID()
            let state = states["\(id)|\(item.localStart.description)"]
            let hidden = activity.isPrivate && viewer != activity.$user.id
            let occurrence = OccurrenceDTO(
                activityId: id,
                start: item.userStart.description,
                end: item.userStart.adding(minutes: activity.durationMinutes).description,
                title: hidden ? nil : activity.title,
                busy: hidden,
                allDay: activity.allDay,
                state: state?.state ?? .pending,
                stepsDone: hidden ? [] : state?.stepsDone ?? [],
                pictogramId: hidden ? nil : activity.pictogramID,
                pictureId: hidden ? nil : activity.pictureID,
                colour: hidden ? nil : activity.colour,
                timer: activity.timer,
                recurring: activity.recurrence != nil,
                createdBy: hidden ? nil : activity.$createdBy.id
            )
            let day = max(item.userStart.date, from)
            days[day.description, default: []].append(occurrence)
            all.append(occurrence)
        }
        let current = LocalDateTime(instant: now, in: zone).description
        let live = all.filter { $0.state != .cancelled && !$0.allDay }
        return PlanDTO(
            userId: userID,
            timeZone: user.timeZone,
            from: from.description,
            to: to.description,
            days: (0...(to.dayNumber - from.dayNumber)).map { offset in
                let date = from.adding(days: offset).description
                return PlanDayDTO(date: date, occurrences: days[date] ?? [])
            },
            now: live.first { $0.start <= current && current < $0.end },
            next: live.first { $0.start > current }
        )
    }
}
