import Fluent
import MobilizeCore
import Vapor

/// Applies the one permission check to a user's data: finds how the caller stands to the user,
/// asks `Policy`, and answers 404 or 403 when the answer is no.
struct CircleAccess {
    let request: Request

    struct Granted {
        let principal: Principal
        let subject: User
        let relationship: Relationship
    }

    func authorize(_ action: UserAction, userID: UUID) async throws -> Granted {
        let principal = try request.principal
        let (relationship, subject) = try await standing(of: principal.userID, to: userID)
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            guardianActs: subject?.guardianActs(at: request.now) ?? true
        )
        return try await grant(
            decision,
            principal: principal,
            subject: subject,
            relationship: relationship,
            logName: action.logName,
            allowsRestricted: action == .exercisePrivacyRights
        )
    }

    /// Authorizes an action on the plan of the `userId` path parameter; `createdBy` is the
    /// creator of the activity acted on, when there is one.
    func authorize(_ action: PlanAction, createdBy: UUID? = nil) async throws -> Granted {
        try await authorize(action, userID: request.id("userId"), createdBy: createdBy)
    }

    /// Authorizes an action on the plan of any user (the target of a copy).
    func authorize(_ action: PlanAction, userID: UUID, createdBy: UUID? = nil) async throws -> Granted {
        let principal = try request.principal
        let (relationship, subject) = try await standing(of: principal.userID, to: userID)
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            app: subject?.app ?? .me,
            createdByActor: createdBy == principal.userID
        )
        return try await grant(
            decision,
            principal: principal,
            subject: subject,
            relationship: relationship,
            logName: action.logName
        )
    }

    /// Authorizes an action on the goals of the `userId` path parameter; `createdBy` is the
    /// creator of the goal acted on, when there is one.
    func authorize(_ action: GoalAction, createdBy: UUID? = nil) async throws -> Granted {
        let principal = try request.principal
        let (relationship, subject) = try await standing(of: principal.userID, to: request.id("userId"))
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            app: subject?.app ?? .me,
            createdByActor: createdBy != nil && createdBy == principal.userID
        )
        return try await grant(
            decision,
            principal: principal,
            subject: subject,
            relationship: relationship,
            logName: action.logName
        )
    }

    /// Authorizes an action on the reminder settings of the `userId` path parameter.
    func authorizeReminders(_ action: ReminderAction) async throws -> Granted {
        let principal = try request.principal
        let (relationship, subject) = try await standing(of: principal.userID, to: request.id("userId"))
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            app: subject?.app ?? .me
        )
        return try await grant(
            decision,
            principal: principal,
            subject: subject,
            relationship: relationship,
            logName: action == .read ? "read" : "change reminder settings"
        )
    }

    /// Authorizes an action in the conversations of a user's circle; `viewersMayWrite` is the
    /// circle's choice.
    func authorize(_ action: ChatAction, userID: UUID, viewersMayWrite: Bool) async throws -> Granted {
        let principal = try request.principal
        let (relationship, subject) = try await standing(of: principal.userID, to: userID)
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            guardianActs: subject?.guardianActs(at: request.now) ?? true,
            viewersMayWrite: viewersMayWrite
        )
        return try await grant(
            decision,
            principal: principal,
            subject: subject,
            relationship: relationship,
            logName: action.logName
        )
    }

    /// Answers the policy's decision: 404 or 403 when no, and a restricted user's data is not
    /// worked on. Every allowed access by a planner is written to the user's access log.
    private func grant(
        _ decision: Decision,
        principal: Principal,
        subject: User?,
        relationship: Relationship,
        logName: String,
        allowsRestricted: Bool = false
    ) async throws -> Granted {
        switch decision {
        case .allow: break
        case .forbidden: throw Problem.forbidden()
        case .notFound: throw Problem.notFound()
        }
        guard let subject else { throw Problem.notFound() }
        let userID = try subject.requireID()
        if subject.isRestricted && !allowsRestricted { throw Problem.restricted() }
        if case .planner(let role) = relationship {
            try await request.logAccess(to: userID, action: logName, role: role.rawValue)
            if try await subject.markActive(at: request.now, on: request.db) {
                request.application.accessCache.forget(subject: userID)
            }
        }
        return Granted(principal: principal, subject: subject, relationship: relationship)
    }

    /// Reads the `userId` path parameter and authorizes. Every allowed access by someone else
    /// (a planner) is written to the user's access log.
    func authorize(_ action: UserAction) async throws -> Granted {
        try await authorize(action, userID: request.id("userId"))
    }

    /// The person whose privacy rights a route exercises: `/users/{userId}/...`, or the caller
    /// for `/me/...`.
    func privacySubject() async throws -> User {
        let userID = try request.parameters.get("userId") == nil ? request.principal.userID : request.id("userId")
        return try await authorize(.exercisePrivacyRights, userID: userID).subject
    }

    /// How the actor stands to the user, and the user (nil when they do not stand in any way).
    /// Reading requests take it from the access cache when they can.
    private func standing(of actor: UUID, to userID: UUID) async throws -> (Relationship, User?) {
        let cache = request.application.accessCache
        let pair = AccessCache.Pair(actor: actor, subject: userID)
        let now = request.now
        if request.mayUseAccessCache, let cached = cache.relationship(pair, at: now) { return cached }
        let generation = cache.currentGeneration
        let relationship = try await self.relationship(of: actor, to: userID)
        let subject = relationship == .none ? nil : try await User.find(userID, on: request.db)
        if request.mayUseAccessCache {
            cache.keep(relationship: relationship, subject: subject, for: pair, readIn: generation, at: now)
        }
        return (relationship, subject)
    }

    func relationship(of actor: UUID, to userID: UUID) async throws -> Relationship {
        if actor == userID { return .selfUser }
        let link = try await PlannerLink.query(on: request.db)
            .filter(\.$user.$id == userID).filter(\.$planner.$id == actor).first()
        return link.map { .planner($0.role) } ?? .none
    }
}

extension PlanAction {
    /// How the access log names the action.
    var logName: String {
        switch self {
        case .read: "read"
        case .createActivity: "create activity"
        case .changeActivity: "change activity"
        case .tickOff: "tick off"
        case .cancelOccurrence: "cancel occurrence"
        case .subscribe: "manage calendar feeds"
        }
    }
}

extension GoalAction {
    /// How the access log names the action.
    var logName: String {
        switch self {
        case .read: "read"
        case .create, .change: "change goals"
        case .progress: "record progress"
        case .manageRewards: "manage rewards"
        case .redeem: "redeem"
        case .decideRedemption: "decide redemption"
        }
    }
}

extension ChatAction {
    /// How the access log names the action (a read is written once in a while, like other reads).
    var logName: String {
        switch self {
        case .read: "read"
        case .write: "write in chat"
        case .manage: "manage chat"
        }
    }
}

extension UserAction {
    /// How the access log names the action.
    var logName: String {
        switch self {
        case .read: "read"
        case .update: "update"
        case .listPlanners: "read planners"
        case .managePlanners: "manage planners"
        case .removePlanner: "remove planner"
        case .leave: "leave"
        case .pairDevice: "pair device"
        case .manageDevices: "manage devices"
        case .exercisePrivacyRights: "privacy"
        case .managePictures: "manage pictures"
        case .manageLogin: "manage login"
        }
    }
}
