import Fluent
import MobilizeCore
import Vapor

/// Applies the one permission check to an institution.
struct InstitutionAccess {
    let request: Request

    struct Granted {
        let principal: Principal
        let institution: Institution
        let role: StaffRole
    }

    func authorize(_ action: InstitutionAction) async throws -> Granted {
        let principal = try request.principal
        let institutionID = try request.id("institutionId")
        let membership = try await StaffMembership.query(on: request.db)
            .filter(\.$institution.$id == institutionID).filter(\.$user.$id == principal.userID)
            .with(\.$institution).first()
        switch Policy.decide(action, actor: principal.actorKind, staffRole: membership?.role) {
        case .allow: return Granted(principal: principal, institution: membership!.institution, role: membership!.role)
        case .forbidden: throw Problem.forbidden()
        case .notFound: throw Problem.notFound()
        }
    }
}
