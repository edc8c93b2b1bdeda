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
        let relationship = try await self.relationship(of: principal.userID, to: userID)
        let subject = relationship == .none ? nil : try await User.find(userID, on: request.db)
        let decision = Policy.decide(
            action,
            actor: principal.actorKind,
            relationship: subject == nil ? .none : relationship,
            subjectIsUnderAge: subject?.isUnderAge(at: request.now) ?? true
        )
        switch decision {
        case .allow: return Granted(principal: principal, subject: subject!, relationship: relationship)
        case .forbidden: throw Problem.forbidden()
        case .notFound: throw Problem.notFound()
        }
    }

    /// Reads the `userId` path parameter and authorizes.
    func authorize(_ action: UserAction) async throws -> Granted {
        try await authorize(action, userID: request.id("userId"))
    }

    func relationship(of actor: UUID, to userID: UUID) async throws -> Relationship {
        if actor == userID { return .selfUser }
        let link = try await PlannerLink.query(on: request.db)
            .filter(\.$user.$id == userID).filter(\.$planner.$id == actor).first()
        return link.map { .planner($0.role) } ?? .none
    }

    /// A user with no login of their own must keep a guardian: refuses a change that would
    /// remove the last one.
    func ensureGuardianRemains(for subject: User, afterChanging link: PlannerLink, to role: PlannerRole?) async throws {
        guard !subject.hasLogin, link.role == .guardian, role != .guardian else { return }
        let guardians = try await PlannerLink.query(on: request.db)
            .filter(\.$user.$id == subject.requireID()).filter(\.$role == .guardian).count()
        if guardians <= 1 {
            throw DomainError.conflict("This is the user's only guardian. Make another planner guardian first.")
        }
    }
}
