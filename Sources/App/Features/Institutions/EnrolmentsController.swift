import Fluent
import MobilizeCore
import Vapor

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
        return try await StaffMembership.query(on: db).filter(\.$institution.$id == granted.institutionID)
            .filter(\.$user.$id == granted.principal.userID).first()?.$department.id
    }

    func enrol(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let body = try req.decode(EnrolRequest.self)
        let emails = try Self.guardianEmails(of: body, currentYear: req.now.calendarYear)
        let departmentID = try await department(for: body, granted: granted, on: req.db)
        let enrolment = Enrolment()
        enrolment.$institution.id = granted.institutionID
        enrolment.$department.id = departmentID
        enrolment.name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        enrolment.birthYear = body.birthYear
        enrolment.$createdBy.id = granted.principal.userID
        enrolment.status = .pending
        enrolment.createdAt = req.now
        let tokens = try await req.db.writeTransaction { db -> [(String, String)] in
            try await enrolment.create(on: db)
            var tokens: [(String, String)] = []
            for email in emails {
                tokens.append((email, try await Self.invite(email, to: enrolment, now: req.now, on: db)))
            }
            return tokens
        }
        let school = try await granted.institution(on: req.db).name
        let (staff, pupil, locale) = (granted.principal.user.name, enrolment.name, granted.principal.user.locale)
        req.sendMails(
            tokens.map { email, token in
                .mail(
                    InstitutionMails.enrolment(
                        to: email,
                        staff: staff,
                        institution: school,
                        pupil: pupil,
                        link: req.application.config.link("enrolment", "token", token),
                        in: locale
                    ),
                    kind: "invitation",
                    for: nil
                )
            }
        )
        return try await dto(enrolment, on: req.db).encodeResponse(status: .created, for: req)
    }

    /// Checks the pupil's name and birth year and the guardians' addresses; the addresses, normalized.
    private static func guardianEmails(of body: EnrolRequest, currentYear: Int) throws -> [String] {
        var validator = Validator()
        validator.name(body.name)
        validator.birthYear(body.birthYear, currentYear: currentYear)
        validator.require(
            (1...Self.maxGuardians).contains(body.guardianEmails.count),
            "guardianEmails",
            "must name 1 to \(Self.maxGuardians) guardians' addresses"
        )
        for (index, email) in body.guardianEmails.enumerated() {
            validator.email(email, field: "guardianEmails[\(index)]")
        }
        let emails = body.guardianEmails.map(Rules.normalizedEmail)
        validator.require(Set(emails).count == emails.count, "guardianEmails", "names an address twice")
        try validator.check()
        return emails
    }

    /// The group enrolled into: the one named, which must be the institution's (and a staff
    /// member's own), else the staff member's own group, if any.
    private func department(
        for body: EnrolRequest,
        granted: InstitutionAccess.Granted,
        on db: any Database
    ) async throws -> UUID? {
        let own = try await group(of: granted, on: db)
        let departmentID = body.departmentId ?? own
        if let departmentID {
            guard
                try await Department.query(on: db).filter(\.$id == departmentID)
                    .filter(\.$institution.$id == granted.institutionID).first() != nil
            else { throw Problem.invalid("departmentId", "is not a group of this institution") }
            if let own, own != departmentID { throw Problem.invalid("departmentId", "is not your group") }
        }
        return departmentID
    }

    /// Invites one guardian to the enrolment; the token of the link mailed to them.
    private static func invite(
        _ email: String,
        to enrolment: Enrolment,
        now: Date,
        on db: any Database
    ) async throws -> String {
        let token = Secret.token()
        let invitation = EnrolmentInvitation()
        invitation.$enrolment.id = try enrolment.requireID()
        invitation.email = email
        invitation.tokenHash = Secret.hash(token)
        invitation.status = .pending
        invitation.createdAt = now
        invitation.expiresAt = now.addingTimeInterval(EnrolmentInvitation.lifetime)
        try await invitation.create(on: db)
        return token
    }

    /// Admins see every enrolment; staff those of their group and those they made.
    func list(req: Request) async throws -> Page<EnrolmentDTO> {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let query = Enrolment.query(on: req.db).filter(\.$institution.$id == granted.institutionID)
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
                .filter(\.$institution.$id == granted.institutionID).first()
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
}
