import Fluent
import MobilizeCore
import Vapor

/// The signed-in user's own account: profile, password, sessions and devices.
struct MeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me")
        me.get(use: show)
        me.patch(use: update)
        me.put("password", use: changePassword)
        me.put("email", use: changeEmail)
        me.get("sessions", use: sessions)
        me.delete("sessions", ":sessionId", use: revokeSession)
    }

    func show(req: Request) async throws -> UserDTO {
        try req.principal.user.toDTO()
    }

    func update(req: Request) async throws -> UserDTO {
        let user = try req.person.user
        let body = try req.decode(UpdateMeRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        if let name = body.name { user.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let locale = body.locale { user.locale = locale }
        try await user.update(on: req.db)
        return try user.toDTO()
    }

    /// Needs the current password; ends every other session of the account.
    func changePassword(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let body = try req.decode(ChangePasswordRequest.self)
        var validator = Validator()
        validator.password(body.newPassword, field: "newPassword")
        try validator.check()
        let hashing = req.application.passwordHashing
        guard try await hashing.verify(body.currentPassword, against: principal.user.passwordHash) else {
            throw Problem.invalid("currentPassword", "is not your current password")
        }
        principal.user.passwordHash = try await hashing.hash(body.newPassword)
        try await req.db.writeTransaction { db in
            try await principal.user.update(on: db)
            try await AccountService(request: req).endSessions(
                of: principal.userID,
                keeping: try principal.session.requireID(),
                on: db
            )
        }
        return .noContent
    }

    /// Correction of the address (policy 9.4): needs the password, and takes effect when the
    /// link mailed to the new address is opened.
    func changeEmail(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let body = try req.decode(ChangeEmailRequest.self)
        var validator = Validator()
        validator.email(body.email)
        try validator.check()
        guard try await req.application.passwordHashing.verify(body.password, against: principal.user.passwordHash)
        else {
            throw Problem.invalid("password", "is not your password")
        }
        let email = Rules.normalizedEmail(body.email)
        if try await User.query(on: req.db).filter(\.$email == email).first() != nil {
            throw DomainError.conflict("An account with this email address exists already.")
        }
        let service = AccountService(request: req)
        let token = try await service.issueToken(.changeEmail, for: principal.user, lifetime: 48 * 3600, email: email)
        await req.sendMail(
            PrivacyMails.confirmNewEmail(
                to: email,
                name: principal.user.name,
                link: req.application.config.link("verify", "token", token),
                in: principal.user.locale
            )
        )
        return .accepted
    }

    func sessions(req: Request) async throws -> Page<SessionDTO> {
        let principal = try req.person
        let query = AuthSession.query(on: req.db).filter(\.$user.$id == principal.userID)
        let current = principal.session.id
        return try await PageRequest(req).fetch(query) { try $0.toDTO(currentID: current) }
    }

    func revokeSession(req: Request) async throws -> Response {
        let principal = try req.person
        let id = try req.id("sessionId")
        guard
            let session = try await AuthSession.query(on: req.db)
                .filter(\.$id == id).filter(\.$user.$id == principal.userID).first()
        else { throw Problem.notFound() }
        try await session.delete(on: req.db)
        let response = Response(status: .noContent)
        if id == principal.session.id {
            response.cookies[SessionCookie.name] = SessionCookie.cleared(secure: req.application.config.secureCookies)
        }
        return response
    }
}
