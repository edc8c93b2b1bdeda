import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// A user's stars and rewards: planners switch rewards on and set up what each reward costs; the
/// user asks for one, which puts its stars aside at once; a planner confirms it, or declines it
/// and the stars go back. Stars are never taken away otherwise.
struct RewardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("rewards", use: show)
        // A change is news for the user's screens (the child's star jar follows it).
        let change = user.grouped(PlanChangeNotifier())
        change.put("rewards", "settings", use: settings)
        change.post("rewards", use: create)
        change.patch("rewards", ":rewardId", use: update)
        change.delete("rewards", ":rewardId", use: delete)
        change.post("rewards", ":rewardId", "redemptions", use: redeem)
        change.put("redemptions", ":redemptionId", use: decide)
    }

    func show(req: Request) async throws -> RewardsDTO {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.read)
        return try await dto(granted, db: req.db)
    }

    func settings(req: Request) async throws -> RewardsDTO {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.manageRewards)
        let body = try req.decode(RewardSettingsRequest.self)
        let userID = try granted.subject.requireID()
        try await req.db.writeTransaction { db in
            try await Self.account(of: userID, now: req.now, on: db)
            try await Self.sql(db).direct(
                """
                UPDATE star_accounts SET enabled = \(bind: body.enabled), updated_at = \(bind: req.now)
                WHERE user_id = \(bind: userID)
                """
            )
        }
        return try await dto(granted, db: req.db)
    }

    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.manageRewards)
        let body = try req.decode(RewardRequest.self)
        let userID = try granted.subject.requireID()
        let reward = Reward()
        reward.id = UUID()
        reward.$user.id = userID
        reward.$createdBy.id = granted.principal.userID
        reward.createdAt = req.now
        var validator = Validator()
        validator.require(body.title != nil, "title", "is required")
        validator.require(body.cost != nil, "cost", "is required")
        try validator.check()
        try await apply(body, nulls: [], to: reward, granted: granted, req: req)
        try await req.db.writeTransaction { db in
            // The account's row is the user's lock: two planners adding at once count one after the other.
            try await Self.account(of: userID, now: req.now, on: db, lock: true)
            let count = try await Reward.query(on: db).filter(\.$user.$id == userID).count()
            guard count < RewardRules.maxRewards else {
                throw Problem.conflict("\(granted.subject.name) has \(RewardRules.maxRewards) rewards; remove one first.")
            }
            try await reward.create(on: db)
        }
        return try await RewardDTO(reward).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> RewardDTO {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.manageRewards)
        let reward = try await find(req)
        let body = try req.decode(RewardRequest.self)
        try await apply(body, nulls: try PlansController.nulls(in: req), to: reward, granted: granted, req: req)
        try await reward.save(on: req.db)
        return try RewardDTO(reward)
    }

    /// The reward goes; a redemption of it still waiting is declined and its stars go back.
    func delete(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.manageRewards)
        let reward = try await find(req)
        let userID = try granted.subject.requireID()
        let rewardID = try reward.requireID()
        try await req.db.writeTransaction { db in
            let declined = try await Self.sql(db).direct(
                """
                UPDATE reward_redemptions SET status = 'declined', decided_by = \(bind: granted.principal.userID),
                    decided_at = \(bind: req.now)
                WHERE reward_id = \(bind: rewardID) AND user_id = \(bind: userID) AND status = 'pending'
                RETURNING cost
                """
            )
            let back = try declined.reduce(0) { $0 + (try $1.decode(column: "cost", as: Int.self)) }
            if !declined.isEmpty {
                try await Self.sql(db).direct(
                    """
                    UPDATE star_accounts SET balance = balance + \(bind: back), pending = pending - \(bind: declined.count),
                        updated_at = \(bind: req.now)
                    WHERE user_id = \(bind: userID)
                    """
                )
            }
            try await reward.delete(on: db)
        }
        return .noContent
    }

    /// The user asks for a reward: its stars are put aside at once, in the same statement that
    /// checks there are enough, so asks that arrive together never spend more than is held.
    func redeem(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.redeem)
        let body = try req.decode(RedeemRequest.self)
        try MessageRules.clientKey(body.clientKey)
        let reward = try await find(req)
        let userID = try granted.subject.requireID()
        if let earlier = try await earlier(body.clientKey, user: userID, db: req.db) {
            return try await RedemptionDTO(earlier).encodeResponse(status: .ok, for: req)
        }
        let redemption = RewardRedemption()
        redemption.id = UUID()
        redemption.$user.id = userID
        redemption.$reward.id = try reward.requireID()
        redemption.title = reward.title
        redemption.pictogramID = reward.pictogramID
        redemption.cost = reward.cost
        redemption.status = .pending
        redemption.clientKey = body.clientKey
        redemption.$askedBy.id = granted.principal.userID
        redemption.askedAt = req.now
        do {
            try await req.db.writeTransaction { db in
                let taken = try await Self.sql(db).direct(
                    """
                    UPDATE star_accounts SET balance = balance - \(bind: reward.cost), pending = pending + 1,
                        updated_at = \(bind: req.now)
                    WHERE user_id = \(bind: userID) AND enabled AND balance >= \(bind: reward.cost)
                        AND pending < \(bind: RewardRules.maxPending)
                    RETURNING balance
                    """
                )
                guard !taken.isEmpty else { throw try await why(userID, cost: reward.cost, db: db) }
                try await redemption.create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same key at the same moment: the first one stored is the answer.
            guard let first = try await earlier(body.clientKey, user: userID, db: req.db) else {
                throw Problem.conflict("This wish was asked for at the same moment; try again.")
            }
            return try await RedemptionDTO(first).encodeResponse(status: .ok, for: req)
        }
        return try await RedemptionDTO(redemption).encodeResponse(status: .created, for: req)
    }

    /// A planner confirms (the stars are spent) or declines (they go back); once.
    func decide(req: Request) async throws -> RedemptionDTO {
        let granted = try await CircleAccess(request: req).authorize(GoalAction.decideRedemption)
        let body = try req.decode(DecisionRequest.self)
        guard let decision = RewardRules.Decision(rawValue: body.decision) else {
            throw Problem.invalid("decision", "is confirmed or declined")
        }
        let userID = try granted.subject.requireID()
        let id = try req.id("redemptionId")
        try await req.db.writeTransaction { db in
            let decided = try await Self.sql(db).direct(
                """
                UPDATE reward_redemptions SET status = \(bind: decision.rawValue),
                    decided_by = \(bind: granted.principal.userID), decided_at = \(bind: req.now)
                WHERE id = \(bind: id) AND user_id = \(bind: userID) AND status = 'pending'
                RETURNING cost
                """
            )
            guard let row = decided.first else {
                guard try await RewardRedemption.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first() != nil
                else { throw Problem.notFound() }
                throw Problem.conflict("This wish has been answered already.")
            }
            let back = decision == .declined ? try row.decode(column: "cost", as: Int.self) : 0
            try await Self.sql(db).direct(
                """
                UPDATE star_accounts SET balance = balance + \(bind: back), pending = pending - 1, updated_at = \(bind: req.now)
                WHERE user_id = \(bind: userID)
                """
            )
        }
        guard let redemption = try await RewardRedemption.find(id, on: req.db) else { throw Problem.notFound() }
        return try RedemptionDTO(redemption)
    }

    // MARK: - Helpers

    private static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Problem.internal() }
        return sql
    }

    /// Makes sure the user has an account row (rewards off, no stars); with `lock`, also holds
    /// the row until the transaction ends.
    static func account(of user: UUID, now: Date, on db: any Database, lock: Bool = false) async throws {
        let sql = try sql(db)
        try await sql.direct(
            """
            INSERT INTO star_accounts (id, user_id, enabled, balance, earned, pending, updated_at)
            VALUES (\(bind: UUID()), \(bind: user), \(bind: false), 0, 0, 0, \(bind: now))
            ON CONFLICT (user_id) DO NOTHING
            """
        )
        if lock {
            try await sql.direct("UPDATE star_accounts SET updated_at = \(bind: now) WHERE user_id = \(bind: user)")
        }
    }

    /// Why an ask took no stars, in words a child's adult can act on.
    private func why(_ user: UUID, cost: Int, db: any Database) async throws -> Problem {
        let account = try await StarAccount.query(on: db).filter(\.$user.$id == user).first()
        guard let account, account.enabled else { return Problem.conflict("Rewards are not switched on.") }
        if account.pending >= RewardRules.maxPending {
            return Problem.conflict("\(RewardRules.maxPending) wishes are waiting for an answer; ask again when one is answered.")
        }
        return Problem.conflict("This reward needs \(cost) stars; there are \(account.balance) so far.")
    }

    private func earlier(_ key: String, user: UUID, db: any Database) async throws -> RewardRedemption? {
        try await RewardRedemption.query(on: db).filter(\.$user.$id == user).filter(\.$clientKey == key).first()
    }

    private func find(_ req: Request) async throws -> Reward {
        guard
            let reward = try await Reward.query(on: req.db).filter(\.$id == req.id("rewardId"))
                .filter(\.$user.$id == req.id("userId")).first()
        else { throw Problem.notFound() }
        return reward
    }

    private func apply(_ body: RewardRequest, nulls: Set<String>, to reward: Reward, granted: CircleAccess.Granted, req: Request) async throws {
        var validator = Validator()
        if let title = body.title?.trimmingCharacters(in: .whitespacesAndNewlines) {
            validator.require((1...RewardRules.maxTitle).contains(title.count), "title", "is 1 to \(RewardRules.maxTitle) characters")
            reward.title = title
        }
        if let cost = body.cost {
            validator.require(
                RewardRules.costs.contains(cost), "cost",
                "is \(RewardRules.costs.lowerBound) to \(RewardRules.costs.upperBound) stars"
            )
            reward.cost = cost
        }
        if let id = body.pictogramId {
            let userID = try granted.subject.requireID()
            let pictures = PictureAccess(
                catalog: PictogramCatalog(request: req, principal: granted.principal, user: userID, lang: "en"),
                db: req.db,
                user: userID
            )
            validator.require(await pictures.pictogramVisible(id), "pictogramId", "is not a pictogram this user can see")
            reward.pictogramID = id
        } else if nulls.contains("pictogramId") {
            reward.pictogramID = nil
        }
        try validator.check()
    }

    private func dto(_ granted: CircleAccess.Granted, db: any Database) async throws -> RewardsDTO {
        let userID = try granted.subject.requireID()
        let account = try await StarAccount.query(on: db).filter(\.$user.$id == userID).first()
        let rewards = try await Reward.query(on: db).filter(\.$user.$id == userID).sort(\.$cost).sort(\.$createdAt).all()
        let pending = try await RewardRedemption.query(on: db).filter(\.$user.$id == userID).filter(\.$status == .pending)
            .sort(\.$askedAt).all()
        let decided = try await RewardRedemption.query(on: db).filter(\.$user.$id == userID).filter(\.$status != .pending)
            .sort(\.$decidedAt, .descending).sort(\.$askedAt, .descending).limit(RewardRules.recentDecided).all()
        let may = { (action: GoalAction) in
            Policy.decide(action, actor: granted.principal.actorKind, relationship: granted.relationship, app: granted.subject.app)
                == .allow
        }
        return RewardsDTO(
            enabled: account?.enabled ?? false,
            stars: account?.balance ?? 0,
            earned: account?.earned ?? 0,
            rewards: try rewards.map(RewardDTO.init),
            redemptions: try (pending + decided).map(RedemptionDTO.init),
            mayManage: may(.manageRewards),
            mayRedeem: may(.redeem),
            mayDecide: may(.decideRedemption)
        )
    }
}
