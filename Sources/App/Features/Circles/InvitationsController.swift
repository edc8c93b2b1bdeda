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
        let principal = try req.person
        let invitation = try await open(req)
        return InvitationPreviewDTO(
            userName: invitation.user.name,
            invitedByName: invitation.invitedBy.name,
            role: invitation.role,
            expiresAt: invitation.expiresAt,
            sentTo: Rules.maskedEmail(invitation.email),
            forYou: principal.user.email == invitation.email,
            emailVerified: principal.user.emailVerifiedAt != nil
        )
    }

    /// Only by an account with the address the invitation was mailed to, confirmed.
    func accept(req: Request) async throws -> PlannedUserDTO {
        let principal = try req.person
        let invitation = try await open(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        let subjectID = invitation.$user.id
        guard try await CircleAccess(request: req).relationship(of: principal.userID, to: subjectID) == .none else {
            throw Problem.conflict("You are already connected to this user.")
        }
        try await req.db.writeTransaction { db in
            guard try await InvitationBinding.settle(Invitation.schema, id: invitation.requireID(), as: "accepted", on: db)
            else { throw Problem.invalidToken() }
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
        let principal = try req.person
        let invitation = try await open(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        guard try await InvitationBinding.settle(Invitation.schema, id: invitation.requireID(), as: "declined", on: req.db)
        else { throw Problem.invalidToken() }
        return .noContent
    }

    /// The invitation of the link, counting the attempt against the caller's address first.
    private func open(_ req: Request) async throws -> Invitation {
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, AuthController.tokensPerIP)
        guard let token = req.parameters.get("token"),
            let invitation = try await Invitation.query(on: req.db)
                .filter(\.$tokenHash == Secret.hash(token)).with(\.$user).with(\.$invitedBy).first(),
            invitation.isOpen(at: req.now)
        else { throw Problem.invalidToken() }
        try await req.attempts.refund(key)
        return invitation
    }
}
