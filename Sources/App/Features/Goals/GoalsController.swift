import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// A user's goals: set up, changed, paused or reached; their steps ticked; progress recorded by
/// the user or a planner (or by a linked activity marked done); and the overview of the last
/// twelve weeks.
struct GoalsController: RouteCollection {
    /// Goals a user may have that are not archived, and progress entries one person records in an hour.
    static let maxOpenGoals = 50
    static let progressPerHour = 300

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("goals", use: list)
        user.post("goals", use: create)
        user.get("goals", "overview", use: overview)
        user.get("goals", ":goalId", use: show)
        user.patch("goals", ":goalId", use: update)
        user.delete("goals", ":goalId", use: delete)
        user.put("goals", ":goalId", "steps", ":stepId", use: tickStep)
        user.get("goals", ":goalId", "progress", use: progress)
        user.post("goals", ":goalId", "progress", use: record)
        user.delete("goals", ":goalId", "progress", ":entryId", use: deleteEntry)
    }

    func list(req: Request) async throws -> Page<GoalDTO> {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.read)
        let goals = try await Goal.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .sort(\.$createdAt).all()
        return Page(items: try await dtos(goals, granted, db: req.db), next: nil)
    }

    func show(req: Request) async throws -> GoalDTO {
        let goal = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(GoalAction.read)
        return try await dtos([goal], granted, db: req.db)[0]
    }

    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.create)
        let body = try req.decode(GoalRequest.self)
        let userID = try granted.subject.requireID()
        let goal = Goal(user: userID, createdBy: granted.principal.userID, now: req.now)
        var validator = Validator()
        validator.require(body.title != nil, "title", "is required")
        validator.require(body.measure != nil, "measure", "is required: count, date or scale")
        try validator.check()
        try await apply(body, nulls: [], to: goal, granted: granted, req: req)
        let open = try await Goal.query(on: req.db).filter(\.$user.$id == userID).filter(\.$status != .archived).count()
        guard open < Self.maxOpenGoals else {
            throw Problem.conflict("\(granted.subject.name) has \(Self.maxOpenGoals) goals; archive one first.")
        }
        try await req.db.writeTransaction { db in
            try await goal.create(on: db)
            try await Self.replaceSteps(of: goal, with: body.steps ?? [], on: db)
        }
        return try await dtos([goal], granted, db: req.db)[0].encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> GoalDTO {
        let goal = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(GoalAction.change, createdBy: goal.$createdBy.id)
        let body = try req.decode(GoalRequest.self)
        try await apply(body, nulls: try PlansController.nulls(in: req), to: goal, granted: granted, req: req)
        goal.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await goal.save(on: db)
            if let steps = body.steps { try await Self.replaceSteps(of: goal, with: steps, on: db) }
        }
        return try await dtos([goal], granted, db: req.db)[0]
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let goal = try await find(req)
        _ = try await CircleAccess(request: req).authorize(GoalAction.change, createdBy: goal.$createdBy.id)
        let id = try goal.requireID()
        try await req.db.writeTransaction { db in
            try await Activity.query(on: db).filter(\.$goal.$id == id).set(\.$goal.$id, to: nil).update()
            try await GoalProgressEntry.query(on: db).filter(\.$goal.$id == id).delete()
            try await GoalStep.query(on: db).filter(\.$goal.$id == id).delete()
            try await goal.delete(on: db)
        }
        return .noContent
    }

    /// A step reached (or not yet, to undo a tick made by mistake).
    func tickStep(req: Request) async throws -> GoalDTO {
        let goal = try await find(req)
        let granted = try await CircleAccess(request: req).authorize(GoalAction.progress)
        let body = try req.decode(StepStateRequest.self)
        guard goal.status != .archived else { throw Problem.conflict("This goal is archived; bring it back to tick its steps.") }
        guard
            let step = try await GoalStep.query(on: req.db).filter(\.$id == req.id("stepId"))
                .filter(\.$goal.$id == goal.requireID()).first()
        else { throw Problem.notFound() }
        step.reachedAt = body.reached ? (step.reachedAt ?? req.now) : nil
        step.$reachedBy.id = body.reached ? (step.$reachedBy.id ?? granted.principal.userID) : nil
        try await step.save(on: req.db)
        return try await dtos([goal], granted, db: req.db)[0]
    }

    /// Each goal's last twelve weeks and streak, and the share of planned activities done per week.
    func overview(req: Request) async throws -> GoalOverviewDTO {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.read)
        return try await GoalOverviews(db: req.db, user: granted.subject, viewer: granted.principal.userID, now: req.now)
            .make(cache: req.mayUseAccessCache ? req.application.accessCache : nil)
    }

    // MARK: - Helpers

    func find(_ req: Request) async throws -> Goal {
        guard
            let goal = try await Goal.query(on: req.db).filter(\.$id == req.id("goalId"))
                .filter(\.$user.$id == req.id("userId")).first()
        else { throw Problem.notFound() }
        return goal
    }

    /// Validates the fields given and sets them on the goal; nothing is saved on an error.
    private func apply(_ body: GoalRequest, nulls: Set<String>, to goal: Goal, granted: CircleAccess.Granted, req: Request) async throws {
        var validator = Validator()
        let text = { (value: String?) in value?.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let title = text(body.title) {
            validator.require((1...GoalRules.maxTitle).contains(title.count), "title", "is 1 to \(GoalRules.maxTitle) characters")
            goal.title = title
        }
        if let why = text(body.why) {
            validator.require(why.count <= GoalRules.maxWhy, "why", "is at most \(GoalRules.maxWhy) characters")
            goal.why = why.isEmpty ? nil : why
        } else if nulls.contains("why") {
            goal.why = nil
        }
        if let reward = text(body.reward) {
            validator.require(reward.count <= GoalRules.maxReward, "reward", "is at most \(GoalRules.maxReward) characters")
            goal.reward = reward.isEmpty ? nil : reward
        } else if nulls.contains("reward") {
            goal.reward = nil
        }
        if let status = body.status {
            if let value = Goal.Status(rawValue: status) { goal.status = value } else {
                validator.require(false, "status", "is active, reached, paused or archived")
            }
        }
        if body.measure != nil || body.target != nil || body.period != nil || body.targetDate != nil {
            let current = goal.measure
            var target: Int?
            var period: String?
            var date: String?
            if case .count(let count, let per) = current {
                target = count
                period = per.rawValue
            }
            if case .date(let day) = current { date = day.description }
            switch GoalRules.measure(
                kind: body.measure ?? goal.measureKind,
                target: body.target ?? target,
                period: body.period ?? period,
                date: body.targetDate ?? date
            ) {
            case .success(let measure): goal.measure = measure
            case .failure(let problem): validator.require(false, problem.field, problem.message)
            }
        }
        if let steps = body.steps {
            validator.require(steps.count <= GoalRules.maxSteps, "steps", "are at most \(GoalRules.maxSteps)")
            validator.require(
                steps.allSatisfy { (1...GoalRules.maxStepText).contains($0.text.trimmingCharacters(in: .whitespaces).count) },
                "steps",
                "each have a text of 1 to \(GoalRules.maxStepText) characters"
            )
        }
        let userID = try granted.subject.requireID()
        let pictures = PictureAccess(
            catalog: PictogramCatalog(request: req, principal: granted.principal, user: userID, lang: "en"),
            db: req.db,
            user: userID
        )
        if let id = body.pictogramId {
            validator.require(await pictures.pictogramVisible(id), "pictogramId", "is not a pictogram this user can see")
            goal.pictogramID = id
        } else if nulls.contains("pictogramId") {
            goal.pictogramID = nil
        }
        if let id = body.pictureId {
            validator.require(try await pictures.ownPicture(id), "pictureId", "is not a picture of this user")
            goal.pictureID = id
        } else if nulls.contains("pictureId") {
            goal.pictureID = nil
        }
        try validator.check()
    }

    /// The steps in the order given: a step named by its id keeps its tick; the others go.
    static func replaceSteps(of goal: Goal, with steps: [GoalStepRequest], on db: any Database) async throws {
        let goalID = try goal.requireID()
        let existing = try await GoalStep.query(on: db).filter(\.$goal.$id == goalID).all()
        let byID = Dictionary(existing.compactMap { step in step.id.map { ($0, step) } }, uniquingKeysWith: { first, _ in first })
        let kept = Set(steps.compactMap(\.id)).intersection(byID.keys)
        for step in existing where !kept.contains(step.id!) { try await step.delete(on: db) }
        for (position, item) in steps.enumerated() {
            let text = item.text.trimmingCharacters(in: .whitespaces)
            if let id = item.id, let step = byID[id] {
                step.position = position
                step.text = text
                try await step.save(on: db)
            } else {
                try await GoalStep(goal: goalID, user: goal.$user.id, position: position, text: text).create(on: db)
            }
        }
    }

    private func dtos(_ goals: [Goal], _ granted: CircleAccess.Granted, db: any Database) async throws -> [GoalDTO] {
        let ids = goals.compactMap(\.id)
        let steps = ids.isEmpty ? [] : try await GoalStep.query(on: db).filter(\.$goal.$id ~~ ids).sort(\.$position).all()
        let grouped = Dictionary(grouping: steps, by: { $0.$goal.id })
        let principal = granted.principal
        return try goals.map { goal in
            let decision = Policy.decide(
                GoalAction.change,
                actor: principal.actorKind,
                relationship: granted.relationship,
                app: granted.subject.app,
                createdByActor: goal.$createdBy.id == principal.userID
            )
            return GoalDTO(
                id: try goal.requireID(),
                userId: goal.$user.id,
                createdBy: goal.$createdBy.id,
                title: goal.title,
                why: goal.why,
                pictogramId: goal.pictogramID,
                pictureId: goal.pictureID,
                measure: goal.measureKind,
                target: goal.target,
                period: goal.period,
                targetDate: goal.targetDate,
                reward: goal.reward,
                status: goal.status.rawValue,
                steps: try (grouped[goal.id!] ?? []).map {
                    GoalDTO.Step(id: try $0.requireID(), text: $0.text, reachedAt: $0.reachedAt, reachedBy: $0.$reachedBy.id)
                },
                mayChange: decision == .allow,
                createdAt: goal.createdAt,
                updatedAt: goal.updatedAt
            )
        }
    }
}
