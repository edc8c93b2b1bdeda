/// The one permission check: who may do what to whose data.
///
/// Every route asks `Policy` before it touches a user's or an institution's data, and the
/// authorization-matrix test proves the answers route by route.

/// How the caller stands to the user whose data is asked for.
public enum Relationship: Sendable, Hashable {
    case selfUser
    case planner(PlannerRole)
    case none
}

/// What the caller is signed in as.
public enum ActorKind: Sendable, Hashable {
    /// A person signed in with email and password.
    case person
    /// A device paired to one user with a pairing code (a child's tablet).
    case device
}

/// Actions on a user's data.
public enum UserAction: Sendable, Hashable, CaseIterable {
    case read
    case update
    case listPlanners
    /// Invite planners, change roles, see and revoke invitations.
    case managePlanners
    /// Remove another planner.
    case removePlanner
    /// A planner removes themself.
    case leave
    case pairDevice
    case manageDevices
    /// See the access log and consents, export, restrict, object, ask for erasure: the rights of
    /// the person, exercised by a guardian for a child under 13.
    case exercisePrivacyRights
    /// Add and delete the user's pictures.
    case managePictures
    /// Give the user a sign-in of their own (an address, a username and password, a one-time
    /// code for their own phone): the guardian's decision.
    case manageLogin
}

/// Actions on an institution.
public enum InstitutionAction: Sendable, Hashable, CaseIterable {
    case read
    case manage
}

/// The answer of the check. `notFound` is used where the caller may not know the resource exists.
public enum Decision: Sendable, Hashable {
    case allow
    case forbidden
    case notFound
}

public enum Policy {
    /// Decides an action on a user's data.
    /// - Parameters:
    ///   - guardianActs: a guardian exercises the user's rights, because the user is under the age
    ///     of digital consent or has no login of their own.
    public static func decide(
        _ action: UserAction,
        actor: ActorKind,
        relationship: Relationship,
        guardianActs: Bool
    ) -> Decision {
        switch (actor, relationship) {
        case (_, .none):
            return .notFound
        case (.device, .selfUser):
            return action == .read ? .allow : .forbidden
        case (.device, .planner):
            return .notFound
        case (.person, .selfUser):
            if action == .read { return .allow }
            if action == .leave || action == .manageLogin { return .forbidden }
            return guardianActs ? .forbidden : .allow
        case (.person, .planner(.guardian)):
            return action == .exercisePrivacyRights && !guardianActs ? .forbidden : .allow
        case (.person, .planner(.planner)):
            switch action {
            case .read, .listPlanners, .leave, .pairDevice, .manageDevices, .managePictures: return .allow
            case .update, .managePlanners, .removePlanner, .exercisePrivacyRights, .manageLogin: return .forbidden
            }
        case (.person, .planner(.viewer)):
            switch action {
            case .read, .listPlanners, .leave: return .allow
            default: return .forbidden
            }
        }
    }

    /// Decides an action on an institution, given the caller's staff role there (nil: not staff).
    public static func decide(_ action: InstitutionAction, actor: ActorKind, staffRole: StaffRole?) -> Decision {
        guard actor == .person, let staffRole else { return actor == .device ? .forbidden : .notFound }
        switch (action, staffRole) {
        case (.read, _), (.manage, .admin): return .allow
        case (.manage, .staff): return .forbidden
        }
    }
}

/// Actions on a user's plan.
public enum PlanAction: Sendable, Hashable, CaseIterable {
    /// See the plan (another person's private activities show only as busy).
    case read
    case createActivity
    /// Edit or delete an activity.
    case changeActivity
    /// Mark an occurrence done, skipped or pending again, and tick its steps.
    case tickOff
    /// Cancel one occurrence (a planner's decision).
    case cancelOccurrence
    /// Make, list and revoke one's own calendar feeds of the plan (read-only, as the maker sees it).
    case subscribe
}

extension Policy {
    /// Decides an action on a user's plan. In the Me app the planners (not viewers) plan and the
    /// child ticks things off; in PlaNet the user plans their own week and planners add activities
    /// "from the sideline", changing, cancelling and ticking off only those they added.
    /// - Parameter createdByActor: the activity acted on was created by the caller.
    public static func decide(
        _ action: PlanAction,
        actor: ActorKind,
        relationship: Relationship,
        app: AppKind,
        createdByActor: Bool = false
    ) -> Decision {
        switch (actor, relationship) {
        case (_, .none), (.device, .planner):
            return .notFound
        case (.device, .selfUser):
            return action == .read || action == .tickOff ? .allow : .forbidden
        case (.person, .selfUser):
            switch action {
            case .read, .tickOff, .subscribe: return .allow
            case .createActivity: return app == .planet ? .allow : .forbidden
            case .changeActivity: return app == .planet && createdByActor ? .allow : .forbidden
            case .cancelOccurrence: return .forbidden
            }
        case (.person, .planner(.guardian)), (.person, .planner(.planner)):
            switch action {
            case .read, .createActivity, .subscribe: return .allow
            // In PlaNet the user's own items are theirs: a planner changes, cancels and ticks off
            // only what they added themselves.
            case .changeActivity, .cancelOccurrence, .tickOff: return app == .me || createdByActor ? .allow : .forbidden
            }
        case (.person, .planner(.viewer)):
            return action == .read || action == .subscribe ? .allow : .forbidden
        }
    }
}

/// Actions in the conversations of a user's circle: the circle conversation (the user and their
/// planners) and the direct conversations between two of its members.
public enum ChatAction: Sendable, Hashable, CaseIterable {
    /// Read the conversations and their messages (a direct one only as one of its two people).
    case read
    /// Send messages, edit and delete one's own, say one is typing.
    case write
    /// Choose whether viewers may write and whether a new planner sees the earlier history.
    case manage
}

extension Policy {
    /// Decides an action in a user's conversations. Everyone in the circle reads and writes,
    /// except viewers, who write only when the circle allows it. The circle's settings are the
    /// user's, or the guardian's while the guardian acts for the user.
    /// - Parameter viewersMayWrite: the circle lets its viewers write.
    public static func decide(
        _ action: ChatAction,
        actor: ActorKind,
        relationship: Relationship,
        guardianActs: Bool,
        viewersMayWrite: Bool
    ) -> Decision {
        switch (actor, relationship) {
        case (_, .none), (.device, .planner):
            return .notFound
        case (.device, .selfUser):
            return action == .manage ? .forbidden : .allow
        case (.person, .selfUser):
            return action == .manage && guardianActs ? .forbidden : .allow
        case (.person, .planner(.guardian)):
            return action == .manage && !guardianActs ? .forbidden : .allow
        case (.person, .planner(.planner)):
            return action == .manage ? .forbidden : .allow
        case (.person, .planner(.viewer)):
            switch action {
            case .read: return .allow
            case .write: return viewersMayWrite ? .allow : .forbidden
            case .manage: return .forbidden
            }
        }
    }
}

/// Actions on a user's goals.
public enum GoalAction: Sendable, Hashable, CaseIterable {
    /// See the goals, their progress and the overview.
    case read
    /// Set up a goal for the user.
    case create
    /// Change a goal (its title, measure, steps, reward, status) or delete it.
    case change
    /// Record progress (a tick, a count, a rating, a comment) and tick a goal's steps.
    case progress
    /// Switch rewards on or off, and define the rewards and what they cost.
    case manageRewards
    /// Ask to redeem a reward with stars.
    case redeem
    /// Confirm or decline a redemption.
    case decideRedemption
}

extension Policy {
    /// Decides an action on a user's goals. In PlaNet the young person owns their goals: a goal
    /// they created is changed or deleted by them alone, and planners support from the sideline
    /// (they set up goals of their own for the user, record progress and comments). In Me the
    /// planners (not viewers) create and manage goals and rewards, and the child ticks progress
    /// and asks for a reward. Viewers read.
    /// - Parameter createdByActor: the goal acted on was created by the caller.
    public static func decide(
        _ action: GoalAction,
        actor: ActorKind,
        relationship: Relationship,
        app: AppKind,
        createdByActor: Bool = false
    ) -> Decision {
        switch (actor, relationship) {
        case (_, .none), (.device, .planner):
            return .notFound
        case (.device, .selfUser):
            return [.read, .progress, .redeem].contains(action) ? .allow : .forbidden
        case (.person, .selfUser):
            switch action {
            case .read, .progress, .redeem: return .allow
            case .create: return app == .planet ? .allow : .forbidden
            // A goal of theirs that a planner set up is theirs to change too, in PlaNet.
            case .change: return app == .planet ? .allow : .forbidden
            case .manageRewards, .decideRedemption: return .forbidden
            }
        case (.person, .planner(.guardian)), (.person, .planner(.planner)):
            switch action {
            case .read, .create, .progress, .manageRewards, .decideRedemption: return .allow
            case .change: return app == .me || createdByActor ? .allow : .forbidden
            case .redeem: return .forbidden
            }
        case (.person, .planner(.viewer)):
            return action == .read ? .allow : .forbidden
        }
    }
}

/// Actions on a user's reminder settings (when and how they are reminded).
public enum ReminderAction: Sendable, Hashable, CaseIterable {
    /// See the settings.
    case read
    /// Change quiet hours, sound, speech, the start prompt and the cap per hour.
    case configure
}

extension Policy {
    /// Decides an action on a user's reminder settings: those who plan for the user decide how
    /// they are reminded (in PlaNet the young person too, as they plan their own week); everyone
    /// who reads the plan reads them. A paired device only reads.
    public static func decide(
        _ action: ReminderAction,
        actor: ActorKind,
        relationship: Relationship,
        app: AppKind
    ) -> Decision {
        let plans = Policy.decide(PlanAction.createActivity, actor: actor, relationship: relationship, app: app)
        switch action {
        case .read: return Policy.decide(PlanAction.read, actor: actor, relationship: relationship, app: app)
        case .configure:
            if case (.person, .selfUser) = (actor, relationship) { return .allow }
            return plans
        }
    }
}
