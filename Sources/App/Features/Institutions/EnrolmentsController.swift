import Fluent
import MobilizeCore
import Vapor

struct EnrolRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "birthYear", "departmentId", "guardianEmails"]
    var name: String
    var birthYear: Int?
    var departmentId: UUID?
    var guardianEmails: [String]
}

struct AcceptEnrolmentRequest: StrictContent {
    static let allowedKeys: Set<String> = ["staffRole", "userId", "policyVersion"]
    /// The role the inviting staff member gets: planner, viewer, or none.
    var staffRole: String
    /// A child the guardian has already; without it the pupil's account is made.
    var userId: UUID?
    var policyVersion: Int?
}

struct EnrolmentDTO: Content {
    var id: UUID
    var name: String
    @NullEncoded var birthYear: Int?
    @NullEncoded var departmentId: UUID?
    @NullEncoded var departmentName: String?
    var status: Enrolment.Status
    /// The pupil's account once accepted.
    @NullEncoded var userId: UUID?
    var invitedByName: String
    /// The addresses invited, masked.
    var invited: [String]
    var createdAt: Date
}

/// An institution that serves a user, as the user's circle sees it.
struct UserInstitutionDTO: Content {
    var institutionId: UUID
    var name: String
    var since: Date
    /// Its staff who plan with the user through it.
    var planners: [String]
}

struct EnrolmentPreviewDTO: Content {
    var institutionName: String
    var pupilName: String
    @NullEncoded var birthYear: Int?
    @NullEncoded var departmentName: String?
    var invitedByName: String
    var sentTo: String
    var forYou: Bool
    var emailVerified: Bool
    var status: Invitation.Status
    /// Another guardian accepted already: accepting makes you a guardian of the same pupil.
    var accepted: Bool
}

/// Schools enrol the people they serve: staff name a pupil and invite the guardians; a guardian
/// accepts from the mail (and, under 13, consents), and only then is there an account, a plan, and
/// the staff member as planner in the role the guardian chose. Staff see the pupils of their
/// group; being staff gives no access to a plan by itself.
struct EnrolmentsController: RouteCollection {
    static let maxGuardians = 4

    func boot(routes: any RoutesBuilder) throws {
        let enrolments = routes.grouped("institutions", ":institutionId", "enrolments")
        enrolments.get(use: list)
        enrolments.post(use: enrol)
        enrolments.delete(":enrolmentId", use: withdraw)
        routes.get("users", ":userId", "institutions", use: institutions)
        let invitation = routes.grouped("enrolment-invitations", ":token")
        invitation.get(use: preview)
        invitation.post("accept", use: accept)
        invitation.post("decline", use: decline)
    }

    /// The staff member's group, when they have one: they enrol into it and see it.
    private func group(of granted: InstitutionAccess.Granted, on db: any Database) async throws -> UUID? {
        guard granted.role == .staff else { return nil }
        return try await StaffMembership.query(on: db).filter(\.$institution.$id == granted.institution.requireID())
            .filter(\.$user.$id == granted.principal.userID).first()?.$department.id
    }

    func enrol(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let institutionID = try granted.institution.requireID()
        let body = try req.decode(EnrolRequest.self)
        var validator = Validator()
        validator.name(body.name)
        validator.birthYear(body.birthYear, currentYear: req.now.calendarYear)
        validator.require(
            (1...Self.maxGuardians).contains(body.guardianEmails.count),
            "guardianEmails",
            "must name 1 to \(Self.maxGuardians) guardians' addresses"
        )
        for (index, email) in body.guardianEmails.enumerated() { validator.email(email, field: "guardianEmails[\(index)]") }
        let emails = body.guardianEmails.map(Rules.normalizedEmail)
        validator.require(Set(emails).count == emails.count, "guardianEmails", "names an address twice")
        try validator.check()
        let own = try await group(of: granted, on: req.db)
        let departmentID = body.departmentId ?? own
        if let departmentID {
            guard
                try await Department.query(on: req.db).filter(\.$id == departmentID)
                    .filter(\.$institution.$id == institutionID).first() != nil
            else { throw Problem.invalid("departmentId", "is not a group of this institution") }
            if let own, own != departmentID { throw Problem.invalid("departmentId", "is not your group") }
        }
        let enrolment = Enrolment()
        enrolment.$institution.id = institutionID
        enrolment.$department.id = departmentID
        enrolment.name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        enrolment.birthYear = body.birthYear
        enrolment.$createdBy.id = granted.principal.userID
        enrolment.status = .pending
        enrolment.createdAt = req.now
        let tokens = try await req.db.writeTransaction { db -> [(String, String)] in
            var tokens: [(String, String)] = []
            try await enrolment.create(on: db)
            for email in emails {
                let token = Secret.token()
                let invitation = EnrolmentInvitation()
                invitation.$enrolment.id = try enrolment.requireID()
                invitation.email = email
                invitation.tokenHash = Secret.hash(token)
                invitation.status = .pending
                invitation.createdAt = req.now
                invitation.expiresAt = req.now.addingTimeInterval(EnrolmentInvitation.lifetime)
                try await invitation.create(on: db)
                tokens.append((email, token))
            }
            return tokens
        }
        let (staff, school, pupil, locale) = (
            granted.principal.user.name, granted.institution.name, enrolment.name, granted.principal.user.locale
        )
        for (email, token) in tokens {
            req.sendMail(
                InstitutionMails.enrolment(
                    to: email,
                    staff: staff,
                    institution: school,
                    pupil: pupil,
                    link: req.application.config.link("enrolment", "token", token),
                    in: locale
                )
            )
        }
        return try await dto(enrolment, on: req.db).encodeResponse(status: .created, for: req)
    }

    /// Admins see every enrolment; staff those of their group and those they made.
    func list(req: Request) async throws -> Page<EnrolmentDTO> {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let query = try Enrolment.query(on: req.db).filter(\.$institution.$id == granted.institution.requireID())
            .filter(\.$status != .withdrawn)
        if granted.role == .staff {
            let own = try await group(of: granted, on: req.db)
            query.group(.or) { mine in
                mine.filter(\.$createdBy.$id == granted.principal.userID)
                if let own { mine.filter(\.$department.$id == own) }
            }
        }
        let page = try PageRequest(req)
        if let after = page.after { query.filter(\.$id > after) }
        let rows = try await query.sort(\.$id).limit(page.limit + 1).all()
        var items: [EnrolmentDTO] = []
        for row in rows.prefix(page.limit) { items.append(try await dto(row, on: req.db)) }
        return Page(items: items, next: rows.count > page.limit ? items.last?.id.uuidString : nil)
    }

    /// A pending enrolment is withdrawn by whoever made it or an admin: the links stop working.
    func withdraw(req: Request) async throws -> HTTPStatus {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        guard
            let enrolment = try await Enrolment.query(on: req.db).filter(\.$id == req.id("enrolmentId"))
                .filter(\.$institution.$id == granted.institution.requireID()).first()
        else { throw Problem.notFound() }
        guard granted.role == .admin || enrolment.$createdBy.id == granted.principal.userID else {
            throw Problem.forbidden()
        }
        guard enrolment.status == .pending else {
            throw Problem.conflict("A guardian accepted already: the guardian ends the link from the pupil's page.")
        }
        try await req.db.writeTransaction { db in
            enrolment.status = .withdrawn
            try await enrolment.update(on: db)
            try await EnrolmentInvitation.query(on: db).filter(\.$enrolment.$id == enrolment.requireID())
                .filter(\.$status == .pending).set(\.$status, to: .revoked).update()
        }
        return .noContent
    }

    private func dto(_ enrolment: Enrolment, on db: any Database) async throws -> EnrolmentDTO {
        let id = try enrolment.requireID()
        let invitations = try await EnrolmentInvitation.query(on: db).filter(\.$enrolment.$id == id).all()
        let creator = try await User.find(enrolment.$createdBy.id, on: db)
        let department = try await Department.query(on: db).filter(\.$id == enrolment.$department.id ?? UUID()).first()
        return EnrolmentDTO(
            id: id,
            name: enrolment.name,
            birthYear: enrolment.birthYear,
            departmentId: enrolment.$department.id,
            departmentName: department?.name,
            status: enrolment.status,
            userId: enrolment.$user.id,
            invitedByName: creator?.name ?? "",
            invited: invitations.map { Rules.maskedEmail($0.email) },
            createdAt: enrolment.createdAt
        )
    }

    // MARK: The guardian's side

    /// The institutions that serve the user, for the user's page (a guardian ends a link there).
    func institutions(req: Request) async throws -> Page<UserInstitutionDTO> {
        let granted = try await CircleAccess(request: req).authorize(.listPlanners)
        let userID = try granted.subject.requireID()
        let query = ServedUser.query(on: req.db).filter(\.$user.$id == userID).with(\.$institution)
        let links = try await PlannerLink.query(on: req.db).filter(\.$user.$id == userID)
            .filter(\.$institution.$id != nil).with(\.$planner).all()
        return try await PageRequest(req).fetch(query) { served in
            UserInstitutionDTO(
                institutionId: served.$institution.id,
                name: served.institution.name,
                since: served.createdAt,
                planners: links.filter { $0.$institution.id == served.$institution.id }.map(\.planner.name)
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
        else { throw DomainError.invalidToken }
        try await req.attempts.refund(key)
        return invitation
    }

    func preview(req: Request) async throws -> EnrolmentPreviewDTO {
        let principal = try req.person
        let invitation = try await invitation(req)
        let enrolment = invitation.enrolment
        let institution = try await Institution.find(enrolment.$institution.id, on: req.db)
        let creator = try await User.find(enrolment.$createdBy.id, on: req.db)
        let department = try await Department.query(on: req.db).filter(\.$id == enrolment.$department.id ?? UUID()).first()
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
        let role: PlannerRole?
        switch body.staffRole {
        case "planner": role = .planner
        case "viewer": role = .viewer
        case "none": role = nil
        default: throw Problem.invalid("staffRole", "must be planner, viewer or none")
        }
        var validator = Validator()
        validator.policyVersion(body.policyVersion, current: PrivacyPolicy.current.version)
        try validator.check()
        let invitation = try await invitation(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        guard invitation.status == .pending else { throw DomainError.invalidToken }
        let enrolment = invitation.enrolment
        let enrolmentID = try enrolment.requireID()
        let institutionID = enrolment.$institution.id
        // A child of the guardian's own, when chosen.
        if let userID = body.userId {
            let relationship = try await CircleAccess(request: req).relationship(of: principal.userID, to: userID)
            guard relationship == .planner(.guardian) else {
                throw Problem.invalid("userId", "must be a child you are guardian of")
            }
        }
        let now = req.now
        let user = try await req.db.writeTransaction { db -> User in
            guard try await InvitationBinding.settle(EnrolmentInvitation.schema, id: invitation.requireID(), as: "accepted", on: db)
            else { throw DomainError.invalidToken }
            // Read again under the transaction: two guardians may accept at once.
            guard let current = try await Enrolment.find(enrolmentID, on: db), current.status != .withdrawn else {
                throw DomainError.invalidToken
            }
            let user: User
            if let existing = current.$user.id {
                // Another guardian accepted first: this one becomes a guardian of the same pupil.
                guard let found = try await User.find(existing, on: db) else { throw Problem.notFound() }
                user = found
            } else if let chosen = body.userId {
                guard let found = try await User.find(chosen, on: db) else { throw Problem.notFound() }
                user = found
            } else {
                let underAge = DigitalConsent.isUnderAge(
                    birthYear: current.birthYear,
                    hasOwnLogin: false,
                    currentYear: now.calendarYear
                )
                if underAge && body.policyVersion == nil {
                    throw Problem.invalid("policyVersion", "is required: under 13 a guardian consents for the child")
                }
                user = User(
                    name: current.name,
                    locale: principal.user.locale,
                    app: .me,
                    timeZone: principal.user.timeZone,
                    birthYear: current.birthYear,
                    activeAt: now
                )
                try await user.create(on: db)
            }
            let userID = try user.requireID()
            if let version = body.policyVersion {
                try await Consent(userID: userID, givenBy: principal.userID, policyVersion: version, action: .given, at: now)
                    .create(on: db)
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
                    addedBy: current.$createdBy.id,
                    createdAt: now
                )
                served.$department.id = current.$department.id
                try await served.create(on: db)
            }
            let staffID = current.$createdBy.id
            if let role, staffID != principal.userID,
                try await PlannerLink.query(on: db).filter(\.$user.$id == userID)
                    .filter(\.$planner.$id == staffID).first() == nil
            {
                let link = PlannerLink(userID: userID, plannerID: staffID, role: role, createdAt: now)
                link.$institution.id = institutionID
                try await link.create(on: db)
            }
            current.status = .accepted
            current.$user.id = userID
            try await current.update(on: db)
            return user
        }
        req.application.accessCache.forget(subject: try user.requireID())
        return try user.toDTO()
    }

    func decline(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let invitation = try await invitation(req)
        try InvitationBinding.check(principal, sentTo: invitation.email)
        guard try await InvitationBinding.settle(EnrolmentInvitation.schema, id: invitation.requireID(), as: "declined", on: req.db)
        else { throw DomainError.invalidToken }
        return .noContent
    }
}
