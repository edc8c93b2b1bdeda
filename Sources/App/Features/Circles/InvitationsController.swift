import Fluent
import MobilizeCore
import Vapor

/// The invited person's side: see who invites, accept or decline.
struct InvitationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let invitation = routes.grouped("invitations", ":token")
        invitation.get(use: preview)
        invitation.post("accept", use: accept)
        invitation.post("decline", use: decline)
    }

    func preview(req: Request) async throws -> InvitationPreviewDTO {
        _ = try req.person
        let invitation = try await open(req)
        return InvitationPreviewDTO(
            userName: invitation.user.name,
            invitedByName: invitation.invitedBy.name,
            role: invitation.role,
            expiresAt: invitation.expiresAt
        )
    }

    func accept(req: Request) async throws -> PlannedUserDTO {
        let principal = try req.person
        let invitation = try await open(req)
        let subjectID = invitation.$user.id
        guard try await CircleAccess(request: req).relationship(of: principal.userID, to: subjectID) == .none else {
            throw DomainError.conflict("You are already connected to this user.")
        }
        try await req.db.writeTransaction { db in
            invitation.status = .accepted
            try await invitation.update(on: db)
            try await PlannerLink(
                userID: subjectID,
                plannerID: principal.userID,
                role: invitation.role,
                createdAt: req.now
            )
            .create(on: db)
        }
        return PlannedUserDTO(user: try invitation.user.toDTO(), role: invitation.role)
    }

    func decline(req: Request) async throws -> HTTPStatus {
        _ = try req.person
        let invitation = try await open(req)
        invitation.status = .declined
        try await invitation.update(on: req.db)
        return .noContent
    }

    private func open(_ req: Request) async throws -> Invitation {
        guard let token = req.parameters.get("token"),
            let invitation = try await Invitation.query(on: req.db)
                .filter(\.$tokenHash == Secret.hash(token)).with(\.$user).with(\.$invitedBy).first(),
            invitation.isOpen(at: req.now)
        else { throw DomainError.invalidToken }
        return invitation
    }
}
