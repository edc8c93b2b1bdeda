import Fluent
import MobilizeCore
import Vapor

/// Activities and the plan: what happens now, what comes next, for how long, with which picture.
struct PlansController: RouteCollection {

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("activities", ":activityId", use: show)
        user.get("plan", use: plan)
        // Every change to the plan is told to the user's devices and planners.
        let change = user.grouped(PlanChangeNotifier())
        change.post("activities", use: create)
        change.patch("activities", ":activityId", use: update)
        change.delete("activities", ":activityId", use: delete)
        change.put("activities", ":activityId", "occurrences", ":localStart", "state", use: setState)
    }

    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.createActivity)
        let body = try req.decode(ActivityRequest.self)
        let activity = Activity(
            user: try granted.subject.requireID(),
            createdBy: granted.principal.userID,
            title: "",
            start: "",
            timeZone: granted.subject.timeZone,
            now: req.now
        )
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

    /// The days from `from` to `to` (at most `PlanWindow.maxReadDays`) with their occurrences in order, and now/next.
    func plan(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.read)
        let query = req.queryValues(PlanQuery.self)
        guard let fromText = query.from, let from = LocalDate(iso: fromText), PlanWindow.contains(from) else {
            throw Problem.invalid("from", "is required: a date such as 2026-12-01, \(PlanWindow.description)")
        }
        guard let toText = query.to, let to = LocalDate(iso: toText), PlanWindow.contains(to) else {
            throw Problem.invalid("to", "is required: a date such as 2026-12-07, \(PlanWindow.description)")
        }
        guard to >= from, to.dayNumber - from.dayNumber < PlanWindow.maxReadDays else {
            throw Problem.invalid("to", "must be on or after from, at most \(PlanWindow.maxReadDays) days in all")
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
            body.state == .cancelled ? .cancelOccurrence : .tickOff,
            createdBy: activity.$createdBy.id
        )
        if activity.isPrivate, granted.principal.userID != activity.$user.id { throw Problem.notFound() }
        let replaced = Set(
            try await Activity.query(on: req.db).filter(\.$seriesID == activity.requireID()).all().compactMap(
                \.originalStart
            )
        )
        guard let localStart = req.parameters.get("localStart").flatMap({ LocalDateTime(iso: $0) }),
            PlanWindow.contains(localStart.date), try activity.occurs(at: localStart, replaced: replaced)
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
            // Without `stepsDone` the ticked steps stay as they were (a cancellation keeps them).
            state.stepsDone = body.stepsDone ?? (state.id == nil ? [] : state.stepsDone.filter(stepIDs.contains))
            state.$changedBy.id = granted.principal.userID
            state.changedAt = req.now
            try await state.save(on: db)
            try await GoalLinks.occurrence(
                of: activity,
                at: localStart,
                done: body.state == .done,
                by: granted.principal.userID,
                now: req.now,
                on: db
            )
            if body.state == .done {
                let source = RewardRules.Source.activity(id: id.uuidString, localStart: localStart.description)
                try await Stars.earn(source, user: activity.$user.id, now: req.now, on: db)
            }
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

    func find(_ req: Request) async throws -> Activity {
        guard
            let activity = try await Activity.query(on: req.db).filter(\.$id == req.id("activityId"))
                .filter(\.$user.$id == req.id("userId")).first()
        else { throw Problem.notFound() }
        return activity
    }

}
