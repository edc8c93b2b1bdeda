import Fluent
import MobilizeCore
import Vapor

/// A goal's progress: the entries page by page, recording one, and taking one back.
extension GoalsController {
    /// The entries, newest first, a page at a time (`?after=<entry id>&limit=`).
    func progress(req: Request) async throws -> Page<ProgressDTO> {
        let goal = try await find(req)
        _ = try await CircleAccess(request: req).authorize(GoalAction.read)
        let page = try PageRequest(req)
        let query = try GoalProgressEntry.query(on: req.db).filter(\.$goal.$id == goal.requireID())
        if let after = page.after {
            guard let anchor = try await GoalProgressEntry.find(after, on: req.db), anchor.$goal.id == goal.id else {
                throw Problem.invalid("after", "is not an entry of this goal")
            }
            query.group(.or) { older in
                older.filter(\.$recordedAt < anchor.recordedAt)
                older.group(.and) { $0.filter(\.$recordedAt == anchor.recordedAt).filter(\.$id < after) }
            }
        }
        let rows = try await query.sort(\.$recordedAt, .descending).sort(\.$id, .descending).with(\.$recordedBy)
            .limit(page.limit + 1).all()
        let items = try rows.prefix(page.limit).map(Self.dto)
        return Page(items: items, next: rows.count > page.limit ? items.last?.id.uuidString : nil)
    }

    func record(req: Request) async throws -> Response {
        let goal = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(GoalAction.progress)
        let body = try req.decode(ProgressRequest.self)
        guard goal.status != .archived else {
            throw Problem.conflict("This goal is archived; bring it back to record progress.")
        }
        guard let kind = ProgressKind(rawValue: body.kind) else {
            throw Problem.invalid("kind", "is tick, count, rating or comment")
        }
        guard GoalRules.accepts(kind, for: goal.measure) else {
            throw Problem.invalid("kind", "does not fit this goal's measure (\(goal.measureKind))")
        }
        let amount: Int
        switch GoalRules.amount(kind, value: body.value) {
        case .success(let value): amount = value
        case .failure(let problem): throw Problem.invalid([problem])
        }
        let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        var validator = Validator()
        validator.require((note?.count ?? 0) <= GoalRules.maxNote, "note", "is at most \(GoalRules.maxNote) characters")
        validator.require(kind != .comment || !(note ?? "").isEmpty, "note", "is required for a comment")
        let today = LocalDateTime(instant: req.now, in: .named(granted.subject.timeZone)).date
        let date = body.date.map { LocalDate(iso: $0) } ?? today
        validator.require(
            date.map { $0.isValid && $0 <= today && $0.dayNumber > today.dayNumber - 366 } ?? false,
            "date",
            "is a date (YYYY-MM-DD) within the last year, not after today"
        )
        try validator.check()
        try await req.use(
            "goal-progress:\(granted.principal.userID.uuidString)",
            limit: Self.progressPerHour,
            per: 3600,
            detail: "At most \(Self.progressPerHour) entries an hour."
        )
        let entry = try GoalProgressEntry(
            goal: goal, recordedBy: granted.principal.userID, kind: kind, amount: amount, date: date ?? today, at: req.now
        )
        entry.note = (note?.isEmpty ?? true) ? nil : note
        try await req.db.writeTransaction { db in
            try await entry.create(on: db)
            // Progress earns a star once a day per goal, however many entries the day has; a kind word earns none.
            if kind != .comment {
                let source = RewardRules.Source.goal(id: try goal.requireID().uuidString, date: entry.localDate)
                try await Stars.earn(source, user: goal.$user.id, now: req.now, on: db)
            }
        }
        entry.$recordedBy.value = try await User.find(granted.principal.userID, on: req.db)
        return try await Self.dto(entry).encodeResponse(status: .created, for: req)
    }

    /// An entry made by mistake: the one who recorded it, or whoever may change the goal.
    func deleteEntry(req: Request) async throws -> HTTPStatus {
        let goal = try await find(req)
        guard
            let entry = try await GoalProgressEntry.query(on: req.db).filter(\.$id == req.id("entryId"))
                .filter(\.$goal.$id == goal.requireID()).first()
        else { throw Problem.notFound() }
        let granted = try await CircleAccess(request: req).authorize(GoalAction.progress)
        if entry.$recordedBy.id != granted.principal.userID {
            _ = try await CircleAccess(request: req).authorize(GoalAction.change, createdBy: goal.$createdBy.id)
        }
        try await entry.delete(on: req.db)
        return .noContent
    }

    static func dto(_ entry: GoalProgressEntry) throws -> ProgressDTO {
        ProgressDTO(
            id: try entry.requireID(),
            goalId: entry.$goal.id,
            kind: entry.kind,
            value: entry.amount,
            note: entry.note,
            date: entry.localDate,
            recordedBy: entry.$recordedBy.id,
            recordedByName: entry.$recordedBy.value??.name,
            recordedAt: entry.recordedAt,
            fromActivity: entry.occurrence != nil
        )
    }
}
