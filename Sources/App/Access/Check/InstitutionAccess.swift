import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Applies the one permission check to an institution: the caller's staff role in it decides.
struct InstitutionAccess {
    let request: Request

    struct Granted {
        let principal: Principal
        let institutionID: UUID
        let role: StaffRole
    }

    func authorize(_ action: InstitutionAction) async throws -> Granted {
        let principal = try request.principal
        let institutionID = try request.id("institutionId")
        let role = try await staffRole(of: principal.userID, in: institutionID)
        switch Policy.decide(action, actor: principal.actorKind, staffRole: role) {
        case .allow: return Granted(principal: principal, institutionID: institutionID, role: role!)
        case .forbidden: throw Problem.forbidden()
        case .notFound: throw Problem.notFound()
        }
    }

    /// The person's role among the institution's staff, if they are staff.
    private func staffRole(of userID: UUID, in institutionID: UUID) async throws -> StaffRole? {
        guard let sql = request.db as? any SQLDatabase else { return nil }
        let row = try await sql.select().column("role").from(Self.staffTable)
            .where("institution_id", .equal, SQLBind(institutionID)).where("user_id", .equal, SQLBind(userID))
            .first()
        return try row.flatMap { StaffRole(rawValue: try $0.decode(column: "role", as: String.self)) }
    }

    /// The institutions' staff, one row a person and institution with their role.
    static let staffTable = "staff_memberships"
}
