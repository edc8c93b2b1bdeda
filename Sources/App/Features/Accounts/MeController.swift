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

    /// Needs the current password; ends every other session of the account and voids its reset links.
    func changePassword(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let body = try req.decode(ChangePasswordRequest.self)
        var validator = Validator()
        validator.password(body.newPassword, field: "newPassword")
        try validator.check()
        try await AccountService(request: req).checkPassword(
            body.currentPassword,
            of: principal.user,
            field: "currentPassword"
        )
        principal.user.passwordHash = try await req.application.passwordHashing.hash(body.newPassword)
        let ended = try await req.db.writeTransaction { db in
            try await principal.user.update(on: db)
            try await AccountService.voidResetTokens(of: principal.userID, at: req.now, on: db)
            return try await AccountService(request: req).endSessions(
                of: principal.userID,
                keeping: try principal.session.requireID(),
                on: db
            )
        }
        await req.application.realtime.sessionsEnded(ended)
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
        try await AccountService(request: req).checkPassword(body.password, of: principal.user, field: "password")
        let email = Rules.normalizedEmail(body.email)
        let (userID, name, locale) = (principal.userID, principal.user.name, principal.user.locale)
        // Whether the address has an account shows in no answer: its owner is told instead.
        req.afterAnswer("address change mail") { app in
            if let owner = try await User.query(on: app.db).filter(\.$email == email).first() {
                try await app.sendMails([
                    .mail(AccountMails.addressInUse(to: email, name: owner.name, in: owner.locale), kind: "account", for: owner.id)
                ])
                return
            }
            let token = try await AccountTokens.issue(.changeEmail, for: userID, email: email, lifetime: 48 * 3600, app: app)
            try await app.sendMails([
                .mail(
                    PrivacyMails.confirmNewEmail(
                        to: email,
                        name: name,
                        link: app.config.link("verify", "token", token),
                        in: locale
                    ),
                    kind: "account",
                    for: userID
                )
            ])
        }
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
        await req.application.realtime.sessionsEnded([id])
        let response = Response(status: .noContent)
        if id == principal.session.id {
            response.cookies[SessionCookie.name] = SessionCookie.cleared(secure: req.application.config.secureCookies)
        }
        return response
    }
}
