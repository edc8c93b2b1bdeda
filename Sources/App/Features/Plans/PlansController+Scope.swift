import Fluent
import MobilizeCore
import Vapor

/// Changing or deleting one occurrence, this and the following, or the whole series.
extension PlansController {
    /// Which occurrences a change or a deletion is for: `?scope=all` (the default), or `this` or
    /// `following` with `?occurrence=YYYY-MM-DDTHH:MM`, one of the series' occurrences.
    enum Scope: String {
        case all, this, following
    }

    static func scope(_ req: Request, of activity: Activity) async throws -> (Scope, LocalDateTime?) {
        let values = req.queryValues(OccurrenceScopeQuery.self)
        guard let scope = Scope(rawValue: values.scope ?? "all") else {
            throw Problem.invalid("scope", "must be all, this or following")
        }
        guard scope != .all, activity.recurrence != nil else { return (.all, nil) }
        guard let occurrence = values.occurrence.flatMap({ LocalDateTime(iso: $0) }) else {
            throw Problem.invalid("occurrence", "is required with scope=\(scope.rawValue): an occurrence's local start")
        }
        let id = try activity.requireID()
        let replaced = Set(
            try await Activity.query(on: req.db).filter(\.$seriesID == id).all().compactMap(\.originalStart)
        )
        guard PlanWindow.contains(occurrence.date), try activity.occurs(at: occurrence, replaced: replaced) else {
            throw Problem.invalid("occurrence", "is not an occurrence of this activity")
        }
        return (scope, occurrence)
    }

    func update(req: Request) async throws -> ActivityDTO {
        let activity = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(.changeActivity, createdBy: activity.$createdBy.id)
        let body = try req.decode(ActivityRequest.self)
        let nulls = try Self.nulls(in: req)
        let (scope, occurrence) = try await Self.scope(req, of: activity)
        let change = Change(body: body, nulls: nulls, granted: granted)
        switch (scope, occurrence) {
        case (.this, let occurrence?):
            return try await changeOnly(occurrence, of: activity, change, req: req)
        case (.following, let occurrence?) where occurrence.description != activity.start:
            return try await changeFollowing(occurrence, of: activity, change, req: req)
        default:
            try await apply(body, nulls: nulls, to: activity, granted: granted, req: req)
            activity.updatedAt = req.now
            try await activity.save(on: req.db)
            return try activity.toDTO()
        }
    }

    /// A change asked for: the fields given, those set to null, and who may make it.
    private struct Change {
        let body: ActivityRequest
        let nulls: Set<String>
        let granted: CircleAccess.Granted
    }

    /// Only this one: a single activity that replaces the occurrence (RECURRENCE-ID).
    private func changeOnly(
        _ occurrence: LocalDateTime,
        of activity: Activity,
        _ change: Change,
        req: Request
    ) async throws -> ActivityDTO {
        let single = activity.copy()
        single.recurrence = nil
        single.exceptDates = []
        single.start = occurrence.description
        single.seriesID = try activity.requireID()
        single.originalStart = occurrence.description
        let nulls = change.nulls.subtracting(["recurrence"])
        try await apply(change.body, nulls: nulls, to: single, granted: change.granted, req: req)
        single.recurrence = nil
        single.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await single.create(on: db)
            // What was ticked off stays with the occurrence, wherever it moved.
            try await OccurrenceState.query(on: db).filter(\.$activity.$id == activity.requireID())
                .filter(\.$localStart == occurrence.description)
                .set(\.$activity.$id, to: single.requireID()).set(\.$localStart, to: single.start).update()
        }
        return try single.toDTO()
    }

    /// This and the following: the series ends before it, and a new one starts there.
    private func changeFollowing(
        _ occurrence: LocalDateTime,
        of activity: Activity,
        _ change: Change,
        req: Request
    ) async throws -> ActivityDTO {
        let rest = activity.copy()
        rest.start = occurrence.description
        rest.exceptDates = activity.exceptDates.filter { $0 >= occurrence.date.description }
        if var rule = activity.rule {
            if let count = rule.count, let start = activity.startTime {
                // COUNT counts the rule's occurrences before any EXDATE is taken out.
                var budget = ExpansionBudget()
                let before = try rule.count(from: start, in: activity.zone, before: occurrence, budget: &budget)
                rule.count = max(1, count - before)
            }
            rest.recurrence = rule.description
        }
        try await apply(change.body, nulls: change.nulls, to: rest, granted: change.granted, req: req)
        rest.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await Self.end(activity, before: occurrence, on: db, now: req.now)
            try await rest.create(on: db)
            // Occurrences changed alone, and the states of those ticked off, from there on now
            // belong to the new series.
            try await Activity.query(on: db).filter(\.$seriesID == activity.requireID())
                .filter(\.$originalStart >= occurrence.description).set(\.$seriesID, to: rest.requireID()).update()
            if rest.start == occurrence.description {
                try await OccurrenceState.query(on: db).filter(\.$activity.$id == activity.requireID())
                    .filter(\.$localStart >= occurrence.description).set(\.$activity.$id, to: rest.requireID())
                    .update()
            }
        }
        return try rest.toDTO()
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let activity = try await find(req)
        _ = try await CircleAccess(request: req).authorize(.changeActivity, createdBy: activity.$createdBy.id)
        let (scope, occurrence) = try await Self.scope(req, of: activity)
        switch (scope, occurrence) {
        case (.this, let occurrence?):
            activity.exceptDates += [occurrence.date.description]
            activity.updatedAt = req.now
            try await activity.save(on: req.db)
        case (.following, let occurrence?) where occurrence.description != activity.start:
            try await req.db.writeTransaction { db in
                try await Self.end(activity, before: occurrence, on: db, now: req.now)
                try await Activity.query(on: db).filter(\.$seriesID == activity.requireID())
                    .filter(\.$originalStart >= occurrence.description).delete()
            }
        default:
            try await req.db.writeTransaction { db in
                let id = try activity.requireID()
                // A whole series goes with the occurrences changed alone; an occurrence changed
                // alone goes without bringing back the one it replaced.
                try await Activity.query(on: db).filter(\.$seriesID == id).delete()
                if let seriesID = activity.seriesID,
                    let original = activity.originalStart.flatMap(LocalDateTime.init(iso:)),
                    let series = try await Activity.find(seriesID, on: db)
                {
                    series.exceptDates = Array(Set(series.exceptDates + [original.date.description])).sorted()
                    series.updatedAt = req.now
                    try await series.save(on: db)
                }
                try await activity.delete(on: db)
            }
        }
        return .noContent
    }

    /// Ends a series just before one of its occurrences (UNTIL on the wall clock).
    static func end(_ activity: Activity, before occurrence: LocalDateTime, on db: any Database, now: Date) async throws
    {
        guard var rule = activity.rule else { return }
        rule.count = nil
        rule.until = .local(occurrence.adding(minutes: -1))
        activity.recurrence = rule.description
        activity.updatedAt = now
        try await activity.save(on: db)
    }
}
