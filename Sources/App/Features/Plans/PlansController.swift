import Fluent
import MobilizeCore
import Vapor

/// Activities and the plan: what happens now, what comes next, for how long, with which picture.
struct PlansController: RouteCollection {
    static let maxDays = 62

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.post("activities", use: create)
        user.get("activities", ":activityId", use: show)
        user.patch("activities", ":activityId", use: update)
        user.delete("activities", ":activityId", use: delete)
        user.get("plan", use: plan)
        user.put("activities", ":activityId", "occurrences", ":localStart", "state", use: setState)
    }

    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.createActivity)
        let body = try req.decode(ActivityRequest.self)
        let activity = Activity()
        activity.$user.id = try granted.subject.requireID()
        activity.$createdBy.id = granted.principal.userID
        activity.timeZone = granted.subject.timeZone
        activity.colour = "#4A90D9"
        activity.durationMinutes = 30
        activity.allDay = false
        activity.exceptDates = []
        activity.steps = []
        activity.reminders = []
        activity.timer = false
        activity.isPrivate = false
        activity.createdAt = req.now
        var validator = Validator()
        validator.require(body.title != nil, "title", "is required")
        validator.require(body.start != nil, "start", "is required: a local date-time such as 2026-12-01T07:30")
        try validator.check()
        try await apply(body, nulls: [], to: activity, granted: granted, req: req)
        activity.updatedAt = req.now
        try await activity.create(on: req.db)
        return try await activity.toDTO().encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> ActivityDTO {
        let activity = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(PlanAction.read)
        if activity.isPrivate, granted.principal.userID != activity.$user.id { throw Problem.notFound() }
        return try activity.toDTO()
    }

    /// Which occurrences a change or a deletion is for: `?scope=all` (the default), or `this` or
    /// `following` with `?occurrence=YYYY-MM-DDTHH:MM`, one of the series' occurrences.
    enum Scope: String {
        case all, this, following
    }

    static func scope(_ req: Request, of activity: Activity) async throws -> (Scope, LocalDateTime?) {
        let text = req.query[String.self, at: "scope"] ?? "all"
        guard let scope = Scope(rawValue: text) else {
            throw Problem.invalid("scope", "must be all, this or following")
        }
        guard scope != .all, activity.recurrence != nil else { return (.all, nil) }
        guard let occurrence = req.query[String.self, at: "occurrence"].flatMap({ LocalDateTime(iso: $0) }) else {
            throw Problem.invalid("occurrence", "is required with scope=\(scope.rawValue): an occurrence's local start")
        }
        let id = try activity.requireID()
        let replaced = Set(
            try await Activity.query(on: req.db).filter(\.$seriesID == id).all().compactMap(\.originalStart)
        )
        guard activity.occurrences(through: occurrence, replaced: replaced).last == occurrence else {
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
        switch (scope, occurrence) {
        case (.this, let occurrence?):
            // Only this one: a single activity that replaces the occurrence (RECURRENCE-ID).
            let change = activity.copy()
            change.recurrence = nil
            change.exceptDates = []
            change.start = occurrence.description
            change.seriesID = try activity.requireID()
            change.originalStart = occurrence.description
            try await apply(body, nulls: nulls.subtracting(["recurrence"]), to: change, granted: granted, req: req)
            change.recurrence = nil
            change.updatedAt = req.now
            try await change.create(on: req.db)
            return try change.toDTO()
        case (.following, let occurrence?) where occurrence.description != activity.start:
            // This and the following: the series ends before it, and a new one starts there.
            let rest = activity.copy()
            rest.start = occurrence.description
            rest.exceptDates = activity.exceptDates.filter { $0 >= occurrence.date.description }
            if var rule = activity.rule {
                if let count = rule.count, let start = activity.startTime {
                    // COUNT counts the rule's occurrences before any EXDATE is taken out.
                    let before = rule.occurrences(
                        from: start,
                        in: activity.zone,
                        through: occurrence.adding(minutes: -1)
                    )
                    rule.count = max(1, count - before.count)
                }
                rest.recurrence = rule.description
            }
            try await apply(body, nulls: nulls, to: rest, granted: granted, req: req)
            rest.updatedAt = req.now
            try await req.db.writeTransaction { db in
                try await Self.end(activity, before: occurrence, on: db, now: req.now)
                try await rest.create(on: db)
                // Occurrences changed alone from there on now belong to the new series.
                try await Activity.query(on: db).filter(\.$seriesID == activity.requireID())
                    .filter(\.$originalStart >= occurrence.description).set(\.$seriesID, to: rest.requireID()).update()
            }
            return try rest.toDTO()
        default:
            try await apply(body, nulls: nulls, to: activity, granted: granted, req: req)
            activity.updatedAt = req.now
            try await activity.save(on: req.db)
            return try activity.toDTO()
        }
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
            try await activity.delete(on: req.db)
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

    /// The days from `from` to `to` (at most 62) with their occurrences in order, and now/next.
    func plan(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.read)
        // Read by hand: the plan is the most frequent request, and both values are plain dates.
        var query: [Substring: Substring] = [:]
        for pair in (req.url.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { query[parts[0]] = parts[1] }
        }
        guard let fromText = query["from"], let from = LocalDate(iso: fromText) else {
            throw Problem.invalid("from", "is required: a date such as 2026-12-01")
        }
        guard let toText = query["to"], let to = LocalDate(iso: toText) else {
            throw Problem.invalid("to", "is required: a date such as 2026-12-07")
        }
        guard to >= from, to.dayNumber - from.dayNumber < Self.maxDays else {
            throw Problem.invalid("to", "must be on or after from, at most \(Self.maxDays) days in all")
        }
        let body = try await PlanBuilder(
            db: req.db,
            user: granted.subject,
            viewer: granted.principal.userID,
            now: req.now
        ).plan(from: from, to: to, cache: req.mayUseAccessCache ? req.application.accessCache : nil)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    /// Done, skipped, pending again (undo) or cancelled (planners), with the ticked steps.
    func setState(req: Request) async throws -> OccurrenceStateDTO {
        let activity = try await find(req)
        let body = try req.decode(OccurrenceStateRequest.self)
        let granted = try await CircleAccess(request: req).authorize(
            body.state == .cancelled ? .cancelOccurrence : .tickOff
        )
        if activity.isPrivate, granted.principal.userID != activity.$user.id { throw Problem.notFound() }
        let replaced = Set(
            try await Activity.query(on: req.db).filter(\.$seriesID == activity.requireID()).all().compactMap(
                \.originalStart
            )
        )
        guard let localStart = req.parameters.get("localStart").flatMap({ LocalDateTime(iso: $0) }),
            activity.occurrences(through: localStart, replaced: replaced).last == localStart
        else { throw Problem.notFound("This activity has no occurrence at that time.") }
        let stepIDs = Set(activity.steps.map(\.id))
        let done = body.stepsDone ?? []
        guard done.allSatisfy(stepIDs.contains) else {
            throw Problem.invalid("stepsDone", "names a step this activity does not have")
        }
        let id = try activity.requireID()
        let state = try await req.db.writeTransaction { db in
            let state =
                try await OccurrenceState.query(on: db).filter(\.$activity.$id == id)
                .filter(\.$localStart == localStart.description).first() ?? OccurrenceState()
            state.$activity.id = id
            state.localStart = localStart.description
            state.state = body.state
            state.stepsDone = done
            state.$changedBy.id = granted.principal.userID
            state.changedAt = req.now
            try await state.save(on: db)
            return state
        }
        return OccurrenceStateDTO(
            activityId: id,
            start: state.localStart,
            state: state.state,
            stepsDone: state.stepsDone,
            changedBy: state.$changedBy.id,
            changedAt: state.changedAt
        )
    }

    private func find(_ req: Request) async throws -> Activity {
        guard
            let activity = try await Activity.query(on: req.db).filter(\.$id == req.id("activityId"))
                .filter(\.$user.$id == req.id("userId")).first()
        else { throw Problem.notFound() }
        return activity
    }

    /// The keys a PATCH sets to null (to clear them).
    static func nulls(in req: Request) throws -> Set<String> {
        guard let buffer = req.body.data,
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]
        else { return [] }
        return Set(object.filter { $0.value is NSNull }.keys)
    }

    /// Validates the fields given and sets them; a field error names the field, and nothing is saved.
    private func apply(
        _ body: ActivityRequest,
        nulls: Set<String>,
        to activity: Activity,
        granted: CircleAccess.Granted,
        req: Request
    ) async throws {
        var validator = Validator()
        let userID = try granted.subject.requireID()
        if let title = body.title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.require((1...200).contains(trimmed.count), "title", "must be 1 to 200 characters")
            activity.title = trimmed
        }
        if let text = body.description {
            validator.require(text.count <= 2000, "description", "may be at most 2000 characters")
        }
        if body.description != nil || nulls.contains("description") { activity.details = body.description }
        if let text = body.location {
            validator.require(text.count <= 200, "location", "may be at most 200 characters")
        }
        if body.location != nil || nulls.contains("location") { activity.location = body.location }
        if let zone = body.timeZone {
            validator.timeZone(zone)
            activity.timeZone = zone
        }
        if let start = body.start {
            let year = LocalDateTime(iso: start)?.date.year ?? 0
            validator.require(
                (1970...2200).contains(year),
                "start",
                "must be a local date-time such as 2026-12-01T07:30, from 1970 to 2200"
            )
            activity.start = start
        }
        if let minutes = body.durationMinutes {
            validator.require((0...10_080).contains(minutes), "durationMinutes", "must be 0 to 10080 minutes")
            activity.durationMinutes = minutes
        }
        if let end = body.end {
            if let endTime = LocalDateTime(iso: end), let startTime = LocalDateTime(iso: activity.start) {
                let minutes = endTime.minutes - startTime.minutes
                validator.require((0...10_080).contains(minutes), "end", "must be after the start, within a week")
                activity.durationMinutes = minutes
            } else {
                validator.require(false, "end", "must be a local date-time such as 2026-12-01T08:00")
            }
        }
        if let allDay = body.allDay { activity.allDay = allDay }
        if let timer = body.timer { activity.timer = timer }
        if let colour = body.colour {
            let valid = colour.count == 7 && colour.hasPrefix("#") && colour.dropFirst().allSatisfy(\.isHexDigit)
            validator.require(valid, "colour", "must be a colour such as #4A90D9")
            activity.colour = colour.uppercased()
        }
        if let rule = body.recurrence {
            do {
                _ = try RecurrenceRule(parsing: rule)
                activity.recurrence = rule
            } catch {
                validator.require(false, "recurrence", error.description)
            }
        } else if nulls.contains("recurrence") {
            activity.recurrence = nil
        }
        if let dates = body.exceptDates {
            validator.require(dates.count <= 366, "exceptDates", "may hold at most 366 dates")
            validator.require(
                dates.allSatisfy { LocalDate(iso: $0) != nil },
                "exceptDates",
                "must be dates such as 2026-12-24"
            )
            activity.exceptDates = dates
        }
        if let reminders = body.reminders {
            validator.require(reminders.count <= 10, "reminders", "may hold at most 10 reminders")
            validator.require(
                reminders.allSatisfy { (0...10_080).contains($0) },
                "reminders",
                "are minutes before the start, 0 to 10080"
            )
            activity.reminders = reminders
        }
        if let isPrivate = body.private {
            validator.require(
                !isPrivate || (granted.principal.userID == userID && activity.$createdBy.id == userID),
                "private",
                "only the user may keep their own activities private"
            )
            activity.isPrivate = isPrivate
        }
        // Pictures: a pictogram the user may see, or one of the user's own pictures.
        let catalog = PictogramCatalog(request: req, principal: granted.principal, user: userID, lang: "en")
        func pictogramVisible(_ id: UUID) async -> Bool { (try? await catalog.find(id)) != nil }
        func ownPicture(_ id: UUID) async throws -> Bool {
            try await Picture.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == userID).count() == 1
        }
        if let id = body.pictogramId {
            validator.require(await pictogramVisible(id), "pictogramId", "is not a pictogram this user can see")
        }
        if body.pictogramId != nil || nulls.contains("pictogramId") { activity.pictogramID = body.pictogramId }
        if let id = body.pictureId {
            validator.require(try await ownPicture(id), "pictureId", "is not a picture of this user")
        }
        if body.pictureId != nil || nulls.contains("pictureId") { activity.pictureID = body.pictureId }
        if let steps = body.steps {
            validator.require(steps.count <= 50, "steps", "may hold at most 50 steps")
            var checked: [Activity.Step] = []
            for step in steps {
                let text = step.text.trimmingCharacters(in: .whitespacesAndNewlines)
                validator.require(
                    (1...200).contains(text.count),
                    "steps",
                    "each step needs a text of 1 to 200 characters"
                )
                if let id = step.pictogramId {
                    validator.require(
                        await pictogramVisible(id),
                        "steps",
                        "a step's pictogram is not one this user can see"
                    )
                }
                if let id = step.pictureId {
                    validator.require(
                        try await ownPicture(id),
                        "steps",
                        "a step's picture is not a picture of this user"
                    )
                }
                checked.append(
                    .init(id: step.id ?? UUID(), text: text, pictogramId: step.pictogramId, pictureId: step.pictureId)
                )
            }
            activity.steps = checked
        }
        try validator.check()
    }
}
