import Fluent
import MobilizeCore
import Vapor

/// A user's planners and the invitations to become one.
struct PlannersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("planners", use: list)
        user.patch("planners", ":plannerId", use: changeRole)
        user.delete("planners", ":plannerId", use: remove)
        user.get("invitations", use: invitations)
        user.post("invitations", use: invite)
        user.delete("invitations", ":invitationId", use: revokeInvitation)
    }

    func list(req: Request) async throws -> Page<PlannerDTO> {
        let granted = try await CircleAccess(request: req).authorize(.listPlanners)
        let query = try PlannerLink.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .with(\.$planner)
        return try await PageRequest(req).fetch(query) { $0.toDTO() }
    }

    func changeRole(req: Request) async throws -> PlannerDTO {
        let granted = try await CircleAccess(request: req).authorize(.managePlanners)
        let body = try req.decode(RoleRequest.self)
        let link = try await self.link(req, subject: granted.subject)
        try await Guardianship.change(link, to: body.role, of: granted.subject, at: req.now, on: req.db)
        // A viewer neither pairs nor hands over: what they opened for the user ends.
        if body.role == .viewer {
            try await req.endSessions(openedBy: link.$planner.id, for: granted.subject.requireID())
        }
        return link.toDTO()
    }

    /// Access ends at once: every request checks the relationship anew, and what the planner
    /// opened for the user (paired devices, child mode) ends with their live sockets.
    func remove(req: Request) async throws -> HTTPStatus {
        let plannerID = try req.id("plannerId")
        let action: UserAction = plannerID == (try req.principal.userID) ? .leave : .removePlanner
        let granted = try await CircleAccess(request: req).authorize(action)
        let link = try await self.link(req, subject: granted.subject)
        try await Guardianship.change(link, to: nil, of: granted.subject, at: req.now, on: req.db)
        // The devices they paired for the user and their sessions handed to the user end too.
        try await req.endSessions(openedBy: link.$planner.id, for: granted.subject.requireID())
        return .noContent
    }

    func invitations(req: Request) async throws -> Page<InvitationDTO> {
        let granted = try await CircleAccess(request: req).authorize(.managePlanners)
        let query = try Invitation.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .filter(\.$status == .pending).filter(\.$expiresAt > req.now)
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    func invite(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.managePlanners)
        let body = try req.decode(InviteRequest.self)
        var validator = Validator()
        validator.email(body.email)
        try validator.check()
        let email = Rules.normalizedEmail(body.email)
        let subjectID = try granted.subject.requireID()
        let existing = try await User.query(on: req.db).filter(\.$email == email).first()
        if let existing,
            try await CircleAccess(request: req).relationship(of: existing.requireID(), to: subjectID) != .none
        {
            throw Problem.conflict("This person is already connected to the user.")
        }
        let token = Secret.token()
        let invitation = Invitation(
            userID: subjectID,
            invitedBy: granted.principal.userID,
            email: email,
            role: body.role,
            tokenHash: Secret.hash(token),
            createdAt: req.now
        )
        try await invitation.create(on: req.db)
        let link = req.application.config.link("invitation", "token", token)
        let language = existing?.locale ?? granted.principal.user.locale
        req.sendMails([
            .mail(
                CircleMails.invitation(
                    to: email,
                    inviter: granted.principal.user.name,
                    userName: granted.subject.name,
                    role: body.role,
                    link: link,
                    in: language
                ),
                kind: "invitation",
                for: nil
            )
        ])
        return try await invitation.toDTO().encodeResponse(status: .created, for: req)
    }

    func revokeInvitation(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(.managePlanners)
        guard
            let invitation = try await Invitation.query(on: req.db)
                .filter(\.$id == req.id("invitationId")).filter(\.$user.$id == granted.subject.requireID()).first()
        else { throw Problem.notFound() }
        invitation.status = .revoked
        try await invitation.update(on: req.db)
        return .noContent
    }

    private func link(_ req: Request, subject: User) async throws -> PlannerLink {
        guard
            let link = try await PlannerLink.query(on: req.db)
                .filter(\.$user.$id == subject.requireID()).filter(\.$planner.$id == req.id("plannerId"))
                .with(\.$planner).first()
        else { throw Problem.notFound() }
        return link
    }
}
