import Fluent
import MobilizeCore
import Vapor

/// Routines and copies: save some days' activities as a named routine and place it on dates, or
/// copy a day or a week to other dates or to another user's plan; either way with a report of
/// what clashed rather than a silent overlap.
struct RoutinesController: RouteCollection {
    static let maxItems = 100
    static let maxDates = 62
    static let maxSpanDays = 7

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("routines", use: list)
        user.get("routines", ":routineId", use: show)
        user.post("routines", use: create)
        user.patch("routines", ":routineId", use: rename)
        user.delete("routines", ":routineId", use: delete)
        user.post("routines", ":routineId", "apply", use: apply)
        user.post("plan", "copy", use: copy)
    }

    func list(req: Request) async throws -> Page<RoutineDTO> {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.read)
        let query = try Routine.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    func show(req: Request) async throws -> RoutineDTO {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.read)
        return try await find(req, of: granted.subject).toDTO()
    }

    /// A routine from the activities of one to seven days (all of them, or those named).
    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.createActivity)
        let body = try req.decode(RoutineRequest.self)
        var validator = Validator()
        validator.name(body.name)
        validator.require(body.name != nil, "name", "is required")
        let span = Self.span(from: body.from, to: body.to, checkedBy: &validator)
        validator.require(
            (body.activityIds?.count ?? 0) <= Self.maxItems,
            "activityIds",
            "may name at most \(Self.maxItems)"
        )
        try validator.check()
        guard let (from, to) = span, let name = body.name else { throw Problem.invalid("name", "is required") }
        let items = try await blueprints(
            of: granted,
            from: from,
            to: to,
            only: body.activityIds.map(Set.init),
            req: req
        )
        guard !items.isEmpty else {
            throw Problem.invalid("from", "these days hold no activities to keep")
        }
        guard items.count <= Self.maxItems else {
            throw Problem.invalid("to", "these days hold more than \(Self.maxItems) activities")
        }
        let routine = Routine(
            user: try granted.subject.requireID(),
            createdBy: granted.principal.userID,
            name: name.trimmingCharacters(in: .whitespacesAndNewlines),
            items: items,
            now: req.now
        )
        try await routine.create(on: req.db)
        return try await routine.toDTO().encodeResponse(status: .created, for: req)
    }

    func rename(req: Request) async throws -> RoutineDTO {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.createActivity)
        let routine = try await find(req, of: granted.subject)
        let body = try req.decode(NameRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        routine.name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        routine.updatedAt = req.now
        try await routine.update(on: req.db)
        return try routine.toDTO()
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.createActivity)
        try await find(req, of: granted.subject).delete(on: req.db)
        return .noContent
    }

    /// Places the routine from each of the dates, in this plan or in another the caller plans.
    func apply(req: Request) async throws -> Response {
        let source = try await CircleAccess(request: req).authorize(PlanAction.read)
        let routine = try await find(req, of: source.subject)
        let body = try req.decode(PlaceRequest.self)
        return try await place(routine.items, body: body, source: source, req: req)
    }

    /// Copies the activities of a day or a week (`from`, `to`) to start on each of the dates.
    func copy(req: Request) async throws -> Response {
        let source = try await CircleAccess(request: req).authorize(PlanAction.read)
        let body = try req.decode(PlaceRequest.self)
        var validator = Validator()
        let span = Self.span(from: body.from, to: body.to, checkedBy: &validator)
        try validator.check()
        guard let (from, to) = span else { throw Problem.invalid("from", "is required") }
        let items = try await blueprints(of: source, from: from, to: to, only: nil, req: req)
        return try await place(items, body: body, source: source, req: req)
    }

    private func place(
        _ items: [Blueprint],
        body: PlaceRequest,
        source: CircleAccess.Granted,
        req: Request
    )
        async throws -> Response
    {
        var validator = Validator()
        let dates = (body.dates ?? []).map { LocalDate(iso: $0) }
        validator.require(
            (1...Self.maxDates).contains(dates.count),
            "dates",
            "must hold 1 to \(Self.maxDates) dates"
        )
        validator.require(dates.allSatisfy { $0 != nil }, "dates", "must be dates such as 2026-12-07")
        validator.require(Set(dates).count == dates.count, "dates", "must not repeat a date")
        try validator.check()
        let sourceID = try source.subject.requireID()
        let targetID = body.targetUserId ?? sourceID
        let target =
            targetID == sourceID
            ? try await CircleAccess(request: req).authorize(PlanAction.createActivity)
            : try await CircleAccess(request: req).authorize(PlanAction.createActivity, userID: targetID)
        let report = try await Placement(request: req, target: target, sameUser: targetID == sourceID)
            .place(items, from: dates.compactMap { $0 }, onClash: body.onClash ?? .skip, dryRun: body.dryRun ?? false)
        if report.created > 0 {
            req.application.accessCache.invalidate()
            await req.application.realtime.planChanged(of: targetID, db: req.db)
        }
        return try await report.encodeResponse(status: report.created > 0 ? .created : .ok, for: req)
    }

    /// The activities of the days as the caller sees them (another person's private ones are
    /// left out), each at its time on its day counted from `from`.
    private func blueprints(
        of granted: CircleAccess.Granted,
        from: LocalDate,
        to: LocalDate,
        only: Set<UUID>?,
        req: Request
    ) async throws -> [Blueprint] {
        let occurrences = try await PlanBuilder(
            db: req.db,
            user: granted.subject,
            viewer: granted.principal.userID,
            now: req.now
        ).occurrences(from: from, to: to).filter { !$0.busy && (only?.contains($0.activityId) ?? true) }
        let ids = Array(Set(occurrences.map(\.activityId)))
        var activities: [UUID: Activity] = [:]
        for chunk in ids.chunks() {
            for activity in try await Activity.query(on: req.db).filter(\.$id ~~ chunk).all() {
                activities[try activity.requireID()] = activity
            }
        }
        return occurrences.compactMap { occurrence in
            guard let activity = activities[occurrence.activityId], let start = LocalDateTime(iso: occurrence.start),
                start.date >= from
            else { return nil }
            return Blueprint(activity, start: start, day: start.date.dayNumber - from.dayNumber)
        }
    }

    /// The days from `from` to `to` (one day without `to`), at most `maxSpanDays`; nil with the
    /// field errors noted when they are not.
    static func span(
        from: String?,
        to: String?,
        checkedBy validator: inout MobilizeCore.Validator
    ) -> (LocalDate, LocalDate)? {
        let first = from.flatMap(LocalDate.init(iso:))
        validator.require(first != nil, "from", "is required: a date such as 2026-12-01")
        let last = to.map { LocalDate(iso: $0) } ?? first
        validator.require(last != nil, "to", "must be a date such as 2026-12-07")
        guard let first, let last else { return nil }
        let fits = last >= first && last.dayNumber - first.dayNumber < maxSpanDays
        validator.require(fits, "to", "must be on or after from, at most \(maxSpanDays) days in all")
        return fits ? (first, last) : nil
    }

    private func find(_ req: Request, of subject: User) async throws -> Routine {
        guard
            let routine = try await Routine.query(on: req.db).filter(\.$id == req.id("routineId"))
                .filter(\.$user.$id == subject.requireID()).first()
        else { throw Problem.notFound() }
        return routine
    }
}

extension Routine {
    func toDTO() throws -> RoutineDTO {
        RoutineDTO(
            id: try requireID(),
            userId: $user.id,
            createdBy: $createdBy.id,
            name: name,
            items: items,
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}
