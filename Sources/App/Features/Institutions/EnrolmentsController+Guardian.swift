import Fluent
import MobilizeCore
import Vapor

/// The guardian's side of an enrolment: what the mailed link asks, accepting or declining it, and
/// the institutions that serve a user.
extension EnrolmentsController {
    /// The institutions that serve the user, for the user's page (a guardian ends a link there).
    func institutions(req: Request) async throws -> Page<UserInstitutionDTO> {
        let granted = try await CircleAccess(request: req).authorize(.listPlanners)
        let userID = try granted.subject.requireID()
        let query = ServedUser.query(on: req.db).filter(\.$user.$id == userID).with(\.$institution)
        let links = try await PlannerLink.query(on: req.db).filter(\.$user.$id == userID)
            .filter(\.$institutionID != nil).with(\.$planner).all()
        return try await PageRequest(req).fetch(query) { served in
            UserInstitutionDTO(
                institutionId: served.$institution.id,
                name: served.institution.name,
                since: served.createdAt,
                planners: links.filter { $0.institutionID == served.$institution.id }.map(\.planner.name)
            )
        }
    }

    /// The invitation a link holds, or invalid-token.
    private func invitation(_ req: Request) async throws -> EnrolmentInvitation {
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, AuthController.tokensPerIP)
        guard let token = req.parameters.get("token"), token.utf8.count <= 512,
            let invitation = try await EnrolmentInvitation.query(on: req.db)
                .filter(\.$tokenHash == Secret.hash(token)).with(\.$enrolment).first(),
            invitation.expiresAt > req.now, invitation.enrolment.status != .withdrawn
        else { throw Problem.invalidToken() }
        try await req.attempts.refund(key)
        return invitation
    }

    func preview(req: Request) async throws -> EnrolmentPreviewDTO {
        let principal = try req.person
        let invitation = try await invitation(req)
        let enrolment = invitation.enrolment
        let institution = try await Institution.find(enrolment.$institution.id, on: req.db)
        let creator = try await User.find(enrolment.$createdBy.id, on: req.db)
        let department = try await Department.query(on: req.db).filter(\.$id == enrolment.$department.id ?? UUID())
            .first()
        let forYou = principal.user.email == invitation.email
        return EnrolmentPreviewDTO(
            institutionName: institution?.name ?? "",
            // The pupil's name is for the guardian it was sent to.
            pupilName: forYou ? enrolment.name : "",
            birthYear: forYou ? enrolment.birthYear : nil,
            departmentName: department?.name,
            invitedByName: creator?.name ?? "",
            sentTo: Rules.maskedEmail(invitation.email),
            forYou: forYou,
            emailVerified: principal.user.emailVerifiedAt != nil,
            status: invitation.status,
            accepted: enrolment.status == .accepted
        )
    }

    /// The guardian accepts: the pupil's account is made (or their child chosen), the institution
    /// serves them in the group, and the staff member plans with them in the chosen role, a link
    /// that ends with the institution's.
    func accept(req: Request) async throws -> UserDTO {
        let principal = try req.person
        let body = try req.decode(AcceptEnrolmentRequest.self)
        let role = try Self.staffRole(body.staffRole)
        var validator = Validator()
        validator.policyVersion(body.policyVersion, current: PrivacyPolicy.current.version)
        try validator.check()
        let invitation = try await invitation(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        guard invitation.status == .pending else { throw Problem.invalidToken() }
        let enrolmentID = try invitation.enrolment.requireID()
        let institutionID = invitation.enrolment.$institution.id
        // A child of the guardian's own, when chosen.
        if let userID = body.userId {
            let relationship = try await CircleAccess(request: req).relationship(of: principal.userID, to: userID)
            guard relationship == .planner(.guardian) else {
                throw Problem.invalid("userId", "must be a child you are guardian of")
            }
        }
        let acceptance = Acceptance(principal: principal, body: body, staffRole: role, now: req.now)
        let user = try await req.db.writeTransaction { db -> User in
            guard
                try await InvitationBinding.settle(
                    EnrolmentInvitation.schema,
                    id: invitation.requireID(),
                    as: "accepted",
                    on: db
                )
            else { throw Problem.invalidToken() }
            // Read again under the transaction: two guardians may accept at once.
            guard let current = try await Enrolment.find(enrolmentID, on: db), current.status != .withdrawn else {
                throw Problem.invalidToken()
            }
            let user = try await acceptance.pupil(of: current, on: db)
            try await acceptance.link(user.requireID(), as: current, in: institutionID, on: db)
            current.status = .accepted
            current.$user.id = try user.requireID()
            try await current.update(on: db)
            return user
        }
        req.application.accessCache.forget(subject: try user.requireID())
        return try user.toDTO()
    }

    /// The role the guardian gives the inviting staff member: planner, viewer, or none (nil).
    private static func staffRole(_ text: String) throws -> PlannerRole? {
        switch text {
        case "planner": return .planner
        case "viewer": return .viewer
        case "none": return nil
        default: throw Problem.invalid("staffRole", "must be planner, viewer or none")
        }
    }

    func decline(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let invitation = try await invitation(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        guard
            try await InvitationBinding.settle(
                EnrolmentInvitation.schema,
                id: invitation.requireID(),
                as: "declined",
                on: req.db
            )
        else { throw Problem.invalidToken() }
        return .noContent
    }
}

/// A guardian's acceptance of an enrolment, carried out under the transaction that settles it.
private struct Acceptance: Sendable {
    let principal: Principal
    let body: AcceptEnrolmentRequest
    /// The role the inviting staff member gets, if any.
    let staffRole: PlannerRole?
    let now: Date

    /// The pupil: the one another guardian accepted first, the child chosen, or a new account.
    func pupil(of enrolment: Enrolment, on db: any Database) async throws -> User {
        if let existing = enrolment.$user.id {
            // Another guardian accepted first: this one becomes a guardian of the same pupil.
            guard let found = try await User.find(existing, on: db) else { throw Problem.notFound() }
            return found
        }
        if let chosen = body.userId {
            guard let found = try await User.find(chosen, on: db) else { throw Problem.notFound() }
            return found
        }
        let underAge = DigitalConsent.isUnderAge(
            birthYear: enrolment.birthYear,
            hasOwnLogin: false,
            currentYear: now.calendarYear
        )
        if underAge && body.policyVersion == nil {
            throw Problem.invalid("policyVersion", "is required: under 13 a guardian consents for the child")
        }
        let user = User(
            name: enrolment.name,
            locale: principal.user.locale,
            app: .me,
            timeZone: principal.user.timeZone,
            birthYear: enrolment.birthYear,
            activeAt: now
        )
        try await user.create(on: db)
        return user
    }

    /// The guardian's consent and link, the institution serving the pupil in the enrolment's group,
    /// and the staff member's link in the chosen role; each only once.
    func link(_ userID: UUID, as enrolment: Enrolment, in institutionID: UUID, on db: any Database) async throws {
        if let version = body.policyVersion {
            try await Consent(
                userID: userID,
                givenBy: principal.userID,
                policyVersion: version,
                action: .given,
                at: now
            ).create(on: db)
        }
        if try await PlannerLink.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$planner.$id == principal.userID).first() == nil
        {
            try await PlannerLink(userID: userID, plannerID: principal.userID, role: .guardian, createdAt: now)
                .create(on: db)
        }
        if try await ServedUser.query(on: db).filter(\.$institution.$id == institutionID)
            .filter(\.$user.$id == userID).first() == nil
        {
            let served = ServedUser(
                institutionID: institutionID,
                userID: userID,
                addedBy: enrolment.$createdBy.id,
                createdAt: now
            )
            served.$department.id = enrolment.$department.id
            try await served.create(on: db)
        }
        let staffID = enrolment.$createdBy.id
        if let staffRole, staffID != principal.userID,
            try await PlannerLink.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$planner.$id == staffID).first() == nil
        {
            let link = PlannerLink(userID: userID, plannerID: staffID, role: staffRole, createdAt: now)
            link.institutionID = institutionID
            try await link.create(on: db)
        }
    }
}
