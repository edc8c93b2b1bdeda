import Fluent
import MobilizeCore
import Vapor

/// Register, verify the address, sign in and out, reset a forgotten password.
struct AuthController: RouteCollection {
    static let failedLoginsPerAccount = RateLimiter.Rule(limit: 10, window: 15 * 60)
    static let failedLoginsPerIP = RateLimiter.Rule(limit: 50, window: 15 * 60)
    static let mailRequestsPerIP = RateLimiter.Rule(limit: 20, window: 60 * 60)
    /// Higher: a school's parents may all sign up from behind one address on the same evening.
    static let registrationsPerIP = RateLimiter.Rule(limit: 60, window: 60 * 60)

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("register", use: register)
        auth.post("verify-email", use: verifyEmail)
        auth.post("resend-verification", use: resendVerification)
        auth.post("login", use: login)
        auth.post("logout", use: logout)
        auth.post("password", "forgot", use: forgotPassword)
        auth.post("password", "reset", use: resetPassword)
    }

    func register(req: Request) async throws -> Response {
        let body = try req.decode(RegisterRequest.self)
        var validator = Validator()
        validator.email(body.email)
        validator.password(body.password)
        validator.name(body.name)
        validator.policyVersion(body.policyVersion, current: PrivacyPolicy.current.version)
        try validator.check()
        try await limit(req, key: "register:\(req.clientIP ?? "-")", rule: Self.registrationsPerIP)
        let email = Rules.normalizedEmail(body.email)
        if try await User.query(on: req.db).filter(\.$email == email).first() != nil {
            throw DomainError.conflict("An account with this email address exists already.")
        }
        let user = User(
            email: email,
            passwordHash: try await req.application.passwordHashing.hash(body.password),
            name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            locale: body.locale ?? Language.preferred(from: req.headers.first(name: .acceptLanguage)),
            app: .planet,
            timeZone: "Europe/Copenhagen",
            activeAt: req.now
        )
        try await req.db.writeTransaction { db in
            try await user.create(on: db)
            if let version = body.policyVersion {
                try await Consent(
                    userID: user.requireID(),
                    givenBy: user.requireID(),
                    policyVersion: version,
                    action: .given,
                    at: req.now
                )
                .create(on: db)
            }
        }
        try await AccountService(request: req).sendVerification(to: user)
        return try await ["user": user.toDTO()].encodeResponse(status: .created, for: req)
    }

    /// Verifies the address of a new account, or confirms a change of address.
    func verifyEmail(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(TokenRequest.self)
        try await req.db.writeTransaction { db in
            let token = try await AccountService(request: req).redeem(
                body.token,
                purposes: [.verifyEmail, .changeEmail],
                on: db
            )
            let user = token.user
            if token.purpose == .changeEmail, let email = token.email {
                if try await User.query(on: db).filter(\.$email == email).first() != nil {
                    throw DomainError.conflict("An account with this email address exists already.")
                }
                user.email = email
            }
            user.emailVerifiedAt = req.now
            try await user.update(on: db)
        }
        return .noContent
    }

    func resendVerification(req: Request) async throws -> HTTPStatus {
        let user = try req.person.user
        guard user.emailVerifiedAt == nil else { return .accepted }
        try await limit(req, key: "verify:\(try user.requireID())", rule: Self.mailRequestsPerIP)
        try await AccountService(request: req).sendVerification(to: user)
        return .accepted
    }

    /// The same answer, after the same work, for an unknown address and a wrong password.
    func login(req: Request) async throws -> Response {
        let body = try req.decode(LoginRequest.self)
        var validator = Validator()
        validator.deviceName(body.deviceName)
        try validator.check()
        let email = Rules.normalizedEmail(body.email)
        let accountKey = "login:account:" + Secret.hash(email)
        let ipKey = "login:ip:\(req.clientIP ?? "-")"
        let limiter = req.application.rateLimiter
        for key in [accountKey, ipKey] {
            if let wait = await limiter.retryAfter(key, at: req.now) {
                throw DomainError.rateLimited(retryAfterSeconds: wait)
            }
        }
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        let valid = try await req.application.passwordHashing.verify(body.password, against: user?.passwordHash)
        guard let user, valid else {
            await limiter.record(accountKey, rule: Self.failedLoginsPerAccount, at: req.now)
            await limiter.record(ipKey, rule: Self.failedLoginsPerIP, at: req.now)
            throw DomainError.invalidCredentials
        }
        await limiter.reset(accountKey)
        let service = AccountService(request: req)
        let login = try await service.startSession(for: user, kind: service.sessionKind, deviceName: body.deviceName)
        return try await service.response(login)
    }

    func logout(req: Request) async throws -> Response {
        let principal = try req.principal
        try await principal.session.delete(on: req.db)
        let response = Response(status: .noContent)
        response.cookies[SessionCookie.name] = SessionCookie.cleared(secure: req.application.config.secureCookies)
        return response
    }

    /// Always 202, so the answer tells nobody whether an address has an account.
    func forgotPassword(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(EmailRequest.self)
        var validator = Validator()
        validator.email(body.email)
        try validator.check()
        try await limit(req, key: "forgot:\(req.clientIP ?? "-")", rule: Self.mailRequestsPerIP)
        let email = Rules.normalizedEmail(body.email)
        if let user = try await User.query(on: req.db).filter(\.$email == email).first(), user.hasLogin {
            let service = AccountService(request: req)
            let token = try await service.issueToken(.resetPassword, for: user, lifetime: 3600)
            let link = req.application.config.link("reset", "token", token)
            await req.sendMail(AccountMails.resetPassword(to: email, name: user.name, link: link, in: user.locale))
        }
        return .accepted
    }

    /// A new password ends every session of the account: whoever had the old one is out.
    func resetPassword(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(ResetPasswordRequest.self)
        var validator = Validator()
        validator.password(body.password)
        try validator.check()
        let hash = try await req.application.passwordHashing.hash(body.password)
        try await req.db.writeTransaction { db in
            let service = AccountService(request: req)
            let user = try await service.redeem(body.token, purpose: .resetPassword, on: db)
            user.passwordHash = hash
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = req.now }
            try await user.update(on: db)
            try await service.endSessions(of: try user.requireID(), on: db)
        }
        return .noContent
    }

    private func limit(_ req: Request, key: String, rule: RateLimiter.Rule) async throws {
        let limiter = req.application.rateLimiter
        if let wait = await limiter.retryAfter(key, at: req.now) {
            throw DomainError.rateLimited(retryAfterSeconds: wait)
        }
        await limiter.record(key, rule: rule, at: req.now)
    }
}
