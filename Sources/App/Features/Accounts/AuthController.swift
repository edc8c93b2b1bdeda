import Fluent
import MobilizeCore
import Vapor

/// Register, verify the address, sign in and out, reset a forgotten password.
struct AuthController: RouteCollection {
    /// Wrong passwords for one account from unknown devices: five, then waits that double from a
    /// second up to 15 minutes. The owner's own devices, and a reset by mail, are never slowed.
    static let signInsPerAccount = Throttle(free: 5, base: 1, cap: 900, forgetAfter: 86_400)
    /// The same for one device the account signed in from before.
    static let signInsPerDevice = Throttle(free: 5, base: 1, cap: 900, forgetAfter: 86_400)
    /// Wrong passwords from one address, whatever the account: a school's parents share one.
    static let signInsPerIP = Throttle(free: 50, base: 1, cap: 900, forgetAfter: 3600)
    static let mailRequestsPerIP = Throttle(free: 20, base: 60, cap: 3600, forgetAfter: 3600)
    /// Higher: a school's parents may all sign up from behind one address on the same evening.
    static let registrationsPerIP = Throttle(free: 60, base: 60, cap: 3600, forgetAfter: 3600)
    /// Mailed links and codes tried from one address (reset, verification, invitation).
    static let tokensPerIP = Throttle(free: 20, base: 1, cap: 900, forgetAfter: 3600)

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

    /// An address that has an account already is answered as a new one would be; its owner is
    /// mailed that someone tried, so the answer tells nobody which addresses have accounts.
    func register(req: Request) async throws -> Response {
        let body = try req.decode(RegisterRequest.self)
        var validator = Validator()
        validator.email(body.email)
        validator.password(body.password)
        validator.name(body.name)
        validator.policyVersion(body.policyVersion, current: PrivacyPolicy.current.version)
        validator.birthYear(body.birthYear, currentYear: req.now.calendarYear)
        if body.ownWeek == true {
            validator.require(body.birthYear != nil, "birthYear", "is required for your own week: the year you were born")
        }
        try validator.check()
        // Under the age of digital consent a guardian makes the account and consents for the child.
        if body.ownWeek == true, let year = body.birthYear,
            DigitalConsent.isUnderAge(birthYear: year, hasOwnLogin: true, currentYear: req.now.calendarYear)
        {
            throw Problem.guardianConsentNeeded()
        }
        try await req.attempt("register:\(req.clientIP ?? "-")", Self.registrationsPerIP)
        let email = Rules.normalizedEmail(body.email)
        let passwordHash = try await req.application.passwordHashing.hash(body.password)
        let user = User(
            email: email,
            passwordHash: passwordHash,
            name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            locale: body.locale ?? Language.preferred(from: req.headers.first(name: .acceptLanguage)),
            app: .planet,
            timeZone: "Europe/Copenhagen",
            birthYear: body.birthYear,
            activeAt: req.now
        )
        user.ownWeek = body.ownWeek ?? false
        if let owner = try await User.query(on: req.db).filter(\.$email == email).first() {
            req.sendMails([
                .mail(
                    AccountMails.registrationAttempt(
                        to: email,
                        name: owner.name,
                        signIn: req.application.config.link("signin"),
                        reset: req.application.config.link("forgot"),
                        in: owner.locale
                    ),
                    kind: "account",
                    for: owner.id
                )
            ])
            user.id = UUID()
            user.createdAt = req.now
            user.updatedAt = req.now
            return try await ["user": user.toDTO()].encodeResponse(status: .created, for: req)
        }
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
        try AccountService(request: req).sendVerification(to: user)
        return try await ["user": user.toDTO()].encodeResponse(status: .created, for: req)
    }

    /// Verifies the address of a new account, or confirms a change of address.
    func verifyEmail(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(TokenRequest.self)
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, Self.tokensPerIP)
        try await req.db.writeTransaction { db in
            let token = try await AccountService(request: req).redeem(
                body.token,
                purposes: [.verifyEmail, .changeEmail],
                on: db
            )
            let user = token.user
            if token.purpose == .changeEmail, let email = token.email {
                if try await User.query(on: db).filter(\.$email == email).first() != nil {
                    throw Problem.conflict("An account with this email address exists already.")
                }
                user.email = email
            }
            user.emailVerifiedAt = req.now
            try await user.update(on: db)
        }
        try await req.attempts.refund(key)
        return .noContent
    }

    func resendVerification(req: Request) async throws -> HTTPStatus {
        let user = try req.person.user
        guard user.emailVerifiedAt == nil else { return .accepted }
        try await req.attempt("verify:\(try user.requireID())", Self.mailRequestsPerIP)
        try AccountService(request: req).sendVerification(to: user)
        return .accepted
    }

    /// The same answer, after the same work, for an unknown address and a wrong password. The
    /// attempt is counted before the password is checked: from a device the account signed in
    /// from before under that device, otherwise under the account and the client's address.
    func login(req: Request) async throws -> Response {
        let body = try req.decode(LoginRequest.self)
        var validator = Validator()
        validator.deviceName(body.deviceName)
        validator.require(
            (body.email == nil) != (body.username == nil),
            body.email == nil ? "email" : "username",
            "give an email address or a username, one of them"
        )
        if let email = body.email { validator.require(Rules.length(email) <= 254, "email", "must be at most 254 characters") }
        if let username = body.username { validator.require(Rules.length(username) <= 64, "username", "must be at most 64 characters") }
        try validator.check()
        let name: SignInName =
            body.email.map { .email(Rules.normalizedEmail($0)) } ?? .username(Rules.normalizedUsername(body.username ?? ""))
        let deviceToken = body.deviceToken ?? req.cookies[KnownDevices.cookieName]?.string
        let device = try await KnownDevices.find(token: deviceToken, login: name, on: req.db)
        let accountKey = "login:account:" + name.key
        let ipKey = "login:ip:\(req.clientIP ?? "-")"
        let deviceKey = "login:device:\(device?.id?.uuidString ?? "")"
        try await req.attempt(
            device == nil ? [(accountKey, Self.signInsPerAccount), (ipKey, Self.signInsPerIP)] : [(deviceKey, Self.signInsPerDevice)]
        )
        let user = try await name.account(on: req.db)
        let valid = try await req.application.passwordHashing.verify(body.password, against: user?.passwordHash)
        guard let user, valid else { throw Problem.invalidCredentials() }
        // The owner is in: what they tried no longer counts.
        if device == nil {
            try await req.attempts.clear(accountKey)
            try await req.attempts.refund(ipKey)
        } else {
            try await req.attempts.clear(deviceKey)
        }
        let service = AccountService(request: req)
        var login = try await service.startSession(for: user, kind: service.sessionKind, deviceName: body.deviceName)
        login.deviceToken = try await KnownDevices.remember(
            token: deviceToken,
            for: user.requireID(),
            at: req.now,
            on: req.db
        )
        return try await service.response(login)
    }

    func logout(req: Request) async throws -> Response {
        let principal = try req.principal
        try await principal.session.delete(on: req.db)
        await req.application.realtime.sessionsEnded([try principal.session.requireID()])
        let response = Response(status: .noContent)
        response.cookies[SessionCookie.name] = SessionCookie.cleared(secure: req.application.config.secureCookies)
        return response
    }

    /// Always 202 after the same work, so neither the answer nor its time tells whether an
    /// address has an account: the lookup and the mail happen after the answer has left.
    func forgotPassword(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(EmailRequest.self)
        var validator = Validator()
        validator.email(body.email)
        try validator.check()
        try await req.attempt("forgot:\(req.clientIP ?? "-")", Self.mailRequestsPerIP)
        let email = Rules.normalizedEmail(body.email)
        req.afterAnswer("reset mail") { app in
            guard let user = try await User.query(on: app.db).filter(\.$email == email).first(), user.hasLogin else {
                return
            }
            let token = try await AccountTokens.issue(
                .resetPassword,
                for: user.requireID(),
                email: email,
                lifetime: 3600,
                app: app
            )
            let link = app.config.link("reset", "token", token)
            try await app.sendMails([
                .mail(
                    AccountMails.resetPassword(to: email, name: user.name, link: link, in: user.locale),
                    kind: "account",
                    for: user.id
                )
            ])
        }
        return .accepted
    }

    /// A new password ends every session of the account and voids every other reset link: whoever
    /// had the old one is out. Opening the link proves the mailbox, so wrong passwords tried
    /// against the account no longer slow its owner down.
    func resetPassword(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(ResetPasswordRequest.self)
        var validator = Validator()
        validator.password(body.password)
        try validator.check()
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, Self.tokensPerIP)
        let hash = try await req.application.passwordHashing.hash(body.password)
        let (email, ended) = try await req.db.writeTransaction { db in
            let service = AccountService(request: req)
            let user = try await service.redeem(body.token, purpose: .resetPassword, on: db)
            user.passwordHash = hash
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = req.now }
            try await user.update(on: db)
            try await AccountService.voidResetTokens(of: user.requireID(), at: req.now, on: db)
            return (user.email, try await service.endSessions(of: try user.requireID(), on: db))
        }
        await req.application.realtime.sessionsEnded(ended)
        try await req.attempts.refund(key)
        if let email { try await req.attempts.clear("login:account:" + Secret.hash(email)) }
        return .noContent
    }
}
