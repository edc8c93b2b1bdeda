import Fluent
import Foundation
import MobilizeCore
import Vapor

/// Places blueprints on dates in a user's plan: each becomes a single activity, and one that
/// would overlap something already planned is reported, and left out unless asked for.
struct Placement {
    enum OnClash: String, Codable, Sendable {
        /// Leave out what clashes (the default).
        case skip
        /// Add it anyway; the report still names the clash.
        case add
    }

    static let maxPlaced = 500

    let request: Request
    /// The plan the blueprints go to.
    let target: CircleAccess.Granted
    /// Whether they come from the same user's plan: photos and privacy stay only then.
    let sameUser: Bool

    func place(
        _ items: [Blueprint],
        from dates: [LocalDate],
        onClash: OnClash,
        dryRun: Bool
    ) async throws
        -> PlacementDTO
    {
        let slots = try Self.slots(items, on: dates)
        guard let first = slots.map(\.start.date).min(), let last = slots.map(\.start.date).max() else {
            return PlacementDTO(items: [], created: 0, skipped: 0)
        }
        try Self.checkSpan(from: first, to: last)
        let existing = try await planned(from: first, to: last)
        var pictograms = try pictogramFilter()
        var report: [PlacedDTO] = []
        var created: [Activity] = []
        // What this request places from the other dates: a routine of a week placed on Monday and
        // on Wednesday would otherwise put two of everything on the days they share. The items of
        // one date keep the arrangement they had where they came from.
        var placedSoFar: [Placed] = []
        for (item, start, from) in slots {
            let end = start.adding(minutes: item.durationMinutes)
            let clash = item.allDay ? nil : Self.clash(start, end, from: from, existing: existing, placed: placedSoFar)
            var entry = PlacedDTO(
                title: item.title,
                start: start.description,
                end: end.description,
                activityId: nil,
                clashesWith: clash
            )
            if clash == nil || onClash == .add {
                let activity = try await self.activity(for: item, at: start, pictograms: &pictograms)
                entry.activityId = dryRun ? nil : activity.id
                created.append(activity)
                if !item.allDay {
                    let made = ClashDTO(
                        activityId: entry.activityId,
                        title: item.title,
                        start: entry.start,
                        end: entry.end
                    )
                    placedSoFar.append((made, start, end, from))
                }
            }
            report.append(entry)
        }
        if !dryRun && !created.isEmpty {
            let made = created
            try await request.db.writeTransaction { db in try await made.create(on: db) }
        }
        let made = dryRun ? 0 : created.count
        return PlacementDTO(items: report, created: made, skipped: report.count - created.count)
    }

    /// One blueprint on one date: the blueprint, where it starts, and the date it was placed from.
    private typealias Slot = (item: Blueprint, start: LocalDateTime, from: LocalDate)

    /// What is planned already, as the caller sees it, with its start and end on the user's clock.
    private typealias Planned = (occurrence: OccurrenceDTO, start: LocalDateTime, end: LocalDateTime)

    /// What this request placed: the clash it makes for others, where it lies, and its date.
    private typealias Placed = (clash: ClashDTO, start: LocalDateTime, end: LocalDateTime, from: LocalDate)

    /// Every blueprint on every date, in order of date and then of the blueprints' day and time.
    private static func slots(_ items: [Blueprint], on dates: [LocalDate]) throws -> [Slot] {
        var slots: [Slot] = []
        for date in dates.sorted() {
            for item in items.sorted(by: { ($0.day, $0.time) < ($1.day, $1.time) }) {
                guard let time = LocalDateTime(iso: "\(date.adding(days: item.day))T\(item.time)") else { continue }
                slots.append((item, time, date))
            }
        }
        guard slots.count <= Self.maxPlaced else {
            throw Problem.invalid("dates", "would place \(slots.count) activities; at most \(Self.maxPlaced) at once")
        }
        return slots
    }

    /// The days placed on must lie in the plan's window, and close enough together.
    private static func checkSpan(from first: LocalDate, to last: LocalDate) throws {
        guard PlanWindow.contains(first), PlanWindow.contains(last) else {
            throw Problem.invalid("dates", "must be \(PlanWindow.description)")
        }
        guard last.dayNumber - first.dayNumber < PlanWindow.maxPlacementSpanDays else {
            throw Problem.invalid(
                "dates",
                "must lie within \(PlanWindow.maxPlacementSpanDays) days of each other, counting what they place"
            )
        }
    }

    /// What is planned already from the day before `first` to the day after `last`, as the caller
    /// sees it (another person's private time is busy): timed and not cancelled.
    private func planned(from first: LocalDate, to last: LocalDate) async throws -> [Planned] {
        try await PlanBuilder(
            db: request.db,
            user: target.subject,
            viewer: target.principal.userID,
            now: request.now
        )
        .occurrences(from: first.adding(days: -1), to: last.adding(days: 1))
        .filter { !$0.allDay && $0.state != .cancelled }
        .compactMap { o in LocalDateTime(iso: o.start).flatMap { s in LocalDateTime(iso: o.end).map { (o, s, $0) } } }
    }

    /// What a timed blueprint at `start`–`end` meets: what is planned already, else what this request
    /// placed there from another date.
    private static func clash(
        _ start: LocalDateTime,
        _ end: LocalDateTime,
        from: LocalDate,
        existing: [Planned],
        placed: [Placed]
    ) -> ClashDTO? {
        existing.first { overlaps(start, end, $0.start, $0.end) }.map { planned in
            let occurrence = planned.occurrence
            return ClashDTO(
                activityId: occurrence.activityId,
                title: occurrence.title,
                start: occurrence.start,
                end: occurrence.end
            )
        } ?? placed.first { $0.from != from && overlaps(start, end, $0.start, $0.end) }?.clash
    }

    /// Whether two times overlap; one of no length lasts a minute here.
    private static func overlaps(
        _ start: LocalDateTime,
        _ end: LocalDateTime,
        _ otherStart: LocalDateTime,
        _ otherEnd: LocalDateTime
    ) -> Bool {
        start.minutes < max(otherEnd.minutes, otherStart.minutes + 1)
            && otherStart.minutes < max(end.minutes, start.minutes + 1)
    }

    /// The pictograms the placed activities keep (see `PictogramFilter`).
    private func pictogramFilter() throws -> PictogramFilter {
        let catalog = PictogramCatalog(
            request: request,
            principal: target.principal,
            user: try target.subject.requireID(),
            lang: "en"
        )
        return PictogramFilter(catalog: catalog, sameUser: sameUser)
    }

    /// The activity a blueprint becomes at `start` in the target's plan (not yet saved).
    private func activity(
        for item: Blueprint,
        at start: LocalDateTime,
        pictograms: inout PictogramFilter
    ) async throws -> Activity {
        let targetID = try target.subject.requireID()
        let principal = target.principal
        let activity = Activity(
            user: targetID,
            createdBy: principal.userID,
            title: item.title,
            start: start.description,
            timeZone: target.subject.timeZone,
            now: request.now
        )
        activity.id = UUID()
        activity.durationMinutes = item.durationMinutes
        activity.allDay = item.allDay
        activity.details = item.description
        activity.location = item.location
        activity.colour = item.colour
        activity.pictogramID = await pictograms.keep(item.pictogramId)
        activity.pictureID = sameUser ? item.pictureId : nil
        var steps: [Activity.Step] = []
        for step in item.steps {
            steps.append(
                Activity.Step(
                    id: UUID(),
                    text: step.text,
                    pictogramId: await pictograms.keep(step.pictogramId),
                    pictureId: sameUser ? step.pictureId : nil
                )
            )
        }
        activity.steps = steps
        activity.reminders = item.reminders
        activity.timer = item.timer
        // Only the user keeps their own activities private.
        activity.isPrivate = item.isPrivate && sameUser && principal.userID == targetID
        return activity
    }
}

/// The pictograms placed activities keep: all of them in the same user's plan; in another's, those
/// its user may see (each asked once).
private struct PictogramFilter {
    let catalog: PictogramCatalog
    let sameUser: Bool
    var visible: [UUID: Bool] = [:]

    mutating func keep(_ pictogram: UUID?) async -> UUID? {
        guard let pictogram else { return nil }
        if sameUser { return pictogram }
        if let known = visible[pictogram] { return known ? pictogram : nil }
        let found = (try? await catalog.find(pictogram)) != nil
        visible[pictogram] = found
        return found ? pictogram : nil
    }
}

/// A clash: what is planned already where something was to go, or what this same request places
/// there from another date (its `activityId` is null when that was only tried, `dryRun`).
struct ClashDTO: Content {
    @NullEncoded var activityId: UUID?
    /// Nil for another person's private activity (busy).
    @NullEncoded var title: String?
    var start: String
    var end: String
}

struct PlacedDTO: Content {
    var title: String
    var start: String
    var end: String
    /// The activity made, or nil when it was left out (or only tried, `dryRun`).
    @NullEncoded var activityId: UUID?
    @NullEncoded var clashesWith: ClashDTO?
}

/// The report of placing a routine or a copy: each activity where it went and what it met.
struct PlacementDTO: Content {
    var items: [PlacedDTO]
    var created: Int
    var skipped: Int
}
