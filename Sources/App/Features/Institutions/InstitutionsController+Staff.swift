import Fluent
import MobilizeCore
import Vapor

extension InstitutionsController {
    func staff(req: Request) async throws -> Page<StaffMemberDTO> {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let query = StaffMembership.query(on: req.db).filter(\.$institution.$id == granted.institutionID)
            .with(\.$user)
        return try await PageRequest(req).fetch(query) {
            StaffMemberDTO(
                userId: $0.$user.id,
                name: $0.user.name,
                email: $0.user.email,
                role: $0.role,
                departmentId: $0.$department.id
            )
        }
    }

    func removeStaff(req: Request) async throws -> HTTPStatus {
        let granted = try await InstitutionAccess(request: req).authorize(.manage)
        let institutionID = granted.institutionID
        guard
            let membership = try await StaffMembership.query(on: req.db)
                .filter(\.$institution.$id == institutionID).filter(\.$user.$id == req.id("userId")).first()
        else { throw Problem.notFound() }
        if membership.role == .admin {
            let admins = try await StaffMembership.query(on: req.db)
                .filter(\.$institution.$id == institutionID).filter(\.$role == .admin).count()
            if admins <= 1 { throw Problem.conflict("An institution keeps at least one admin.") }
        }
        try await membership.delete(on: req.db)
        return .noContent
    }

    func inviteStaff(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.manage)
        let institutionID = granted.institutionID
        let body = try req.decode(StaffInviteRequest.self)
        var validator = Validator()
        validator.email(body.email)
        try validator.check()
        if let departmentID = body.departmentId,
            try await Department.query(on: req.db).filter(\.$id == departmentID)
                .filter(\.$institution.$id == institutionID).first() == nil
        {
            throw Problem.invalid("departmentId", "is not a department of this institution")
        }
        let token = Secret.token()
        let email = Rules.normalizedEmail(body.email)
        let invitation = StaffInvitation(
            institutionID: institutionID,
            invitedBy: granted.principal.userID,
            email: email,
            role: body.role,
            departmentID: body.departmentId,
            tokenHash: Secret.hash(token),
            createdAt: req.now
        )
        try await invitation.create(on: req.db)
        let link = req.application.config.link("staff-invitation", "token", token)
        req.sendMails([
            .mail(
                InstitutionMails.staffInvitation(
                    to: email,
                    inviter: granted.principal.user.name,
                    institution: try await granted.institution(on: req.db).name,
                    link: link,
                    in: granted.principal.user.locale
                ),
                kind: "invitation",
                for: nil
            )
        ])
        return try await invitation.toDTO().encodeResponse(status: .created, for: req)
    }

    /// Only by an account with the address the invitation was mailed to, confirmed.
    func acceptInvitation(req: Request) async throws -> InstitutionDTO {
        let principal = try req.person
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, AuthController.tokensPerIP)
        guard let token = req.parameters.get("token"),
            let invitation = try await StaffInvitation.query(on: req.db)
                .filter(\.$tokenHash == Secret.hash(token)).with(\.$institution).first(),
            invitation.status == .pending, invitation.expiresAt > req.now
        else { throw Problem.invalidToken() }
        try await req.attempts.refund(key)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        let institutionID = invitation.$institution.id
        if try await StaffMembership.query(on: req.db).filter(\.$institution.$id == institutionID)
            .filter(\.$user.$id == principal.userID).first() != nil
        {
            throw Problem.conflict("You are staff of this institution already.")
        }
        try await req.db.writeTransaction { db in
            guard
                try await InvitationBinding.settle(StaffInvitation.schema, id: invitation.requireID(), as: "accepted", on: db)
            else { throw Problem.invalidToken() }
            try await StaffMembership(
                institutionID: institutionID,
                userID: principal.userID,
                role: invitation.role,
                departmentID: invitation.$department.id,
                createdAt: req.now
            ).create(on: db)
        }
        try await invitation.institution.$departments.load(on: req.db)
        return try invitation.institution.toDTO(role: invitation.role)
    }
}
