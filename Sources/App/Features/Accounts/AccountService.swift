import Fluent
import MobilizeCore
import Vapor

/// Sessions and mailed tokens: the parts of signing in that several routes share.
struct AccountService {
    let request: Request

    private var db: any Database { request.db }
    private var now: Date { request.now }
    private var config: AppConfig { request.application.config }

    /// Starts a session and returns its token, which is shown to the client once. `openedBy` is
    /// the planner who paired a device for `user`.
    func startSession(
        for user: User,
        kind: AuthSession.Kind,
        deviceName: String?,
        openedBy: UUID? = nil
    ) async throws -> LoginResponse {
        let token = Secret.token()
        let lifetime = kind == .device ? config.sessionAbsolute * 4 : config.sessionAbsolute
        let session = AuthSession(
            userID: try user.requireID(),
            tokenHash: Secret.hash(token),
            kind: kind,
            createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime)
        )
        let agent = UserAgent(header: request.headers.first(name: .userAgent))
        session.deviceName = deviceName?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        session.platform = agent.platform
        session.browser = agent.browser
        session.ip = request.clientIP
        session.$openedBy.id = openedBy
        try await session.create(on: db)
        try await user.markActive(at: now, on: db)
        return LoginResponse(token: token, expiresAt: session.expiresAt, user: try user.toDTO(), device: kind == .device)
    }

    /// A browser gets the token as an HttpOnly cookie too; the response body stays the same.
    func response(_ login: LoginResponse, status: HTTPStatus = .ok) async throws -> Response {
        let response = try await login.encodeResponse(status: status, for: request)
        response.cookies[SessionCookie.name] = SessionCookie.make(
            token: login.token,
            expiresAt: login.expiresAt,
            secure: config.secureCookies
        )
        if let device = login.deviceToken {
            response.cookies[KnownDevices.cookieName] = KnownDevices.cookie(device, secure: config.secureCookies, now: now)
        }
        return response
    }

    /// Browsers announce themselves with fetch metadata; anything else is an API client.
    var sessionKind: AuthSession.Kind {
        request.headers.first(name: "Sec-Fetch-Mode") != nil || request.headers.first(name: .origin) != nil
            ? .web : .api
    }

    func issueToken(
        _ purpose: AccountToken.Purpose,
        for user: User,
        lifetime: TimeInterval,
        email: String? = nil
    ) async throws -> String {
        try await AccountTokens.issue(
            purpose,
            for: user.requireID(),
            email: email ?? user.email,
            lifetime: lifetime,
            db: db,
            now: now
        )
    }

    /// Spends a mailed token: valid once, before it expires, and only for the address it was sent to.
    func redeem(_ token: String, purpose: AccountToken.Purpose, on db: any Database) async throws -> User {
        try await redeem(token, purposes: [purpose], on: db).user
    }

    /// Spends a token of any of `purposes` and returns it with its user.
    func redeem(_ token: String, purposes: [AccountToken.Purpose], on db: any Database) async throws -> AccountToken {
        guard
            let record = try await AccountToken.query(on: db)
                .filter(\.$tokenHash == Secret.hash(token))
                .filter(\.$purpose ~~ purposes)
                .with(\.$user)
                .first(),
            record.usedAt == nil, record.expiresAt > now,
            record.purpose == .changeEmail || record.purpose == .setupLogin || record.email == record.user.email,
            try await db.claim(AccountToken.schema, id: record.requireID(), column: "used_at", value: now)
        else { throw Problem.invalidToken() }
        record.usedAt = now
        return record
    }

    /// Mails a link to verify the address, after the answer has left.
    func sendVerification(to user: User) throws {
        guard let email = user.email else { return }
        let userID = try user.requireID()
        let (name, locale) = (user.name, user.locale)
        request.afterAnswer("verification mail") { app in
            let token = try await AccountTokens.issue(.verifyEmail, for: userID, email: email, lifetime: 48 * 3600, app: app)
            let link = app.config.link("verify", "token", token)
            try await app.sendMails([
                .mail(AccountMails.verifyEmail(to: email, name: name, link: link, in: locale), kind: "account", for: userID)
            ])
        }
    }

    /// Voids every reset link of the account not used yet: after a reset or a change of password,
    /// an older link in a mailbox must not work.
    static func voidResetTokens(of userID: UUID, at now: Date, on db: any Database) async throws {
        try await AccountToken.query(on: db).filter(\.$user.$id == userID).filter(\.$purpose == .resetPassword)
            .filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
    }

    /// Wrong current passwords on one account (changing the password, the address or the PIN).
    static let passwordChecks = Throttle(free: 5, base: 1, cap: 900, forgetAfter: 86_400)

    /// Checks a signed-in person's own password, counting the attempt before the check: a
    /// borrowed session cannot be used to guess it.
    func checkPassword(_ password: String, of user: User, field: String) async throws {
        let key = "password:\(try user.requireID())"
        try await request.attempt(key, Self.passwordChecks)
        guard try await request.application.passwordHashing.verify(password, against: user.passwordHash) else {
            throw Problem.invalid(field, "is not your password")
        }
        try await request.attempts.clear(key)
    }

    /// Ends every session of a user, or every one but `keeping`, and answers their ids: close
    /// their sockets with `RealtimeHub.sessionsEnded` once the change is committed.
    @discardableResult
    func endSessions(of userID: UUID, keeping: UUID? = nil, on db: any Database) async throws -> [UUID] {
        let query = AuthSession.query(on: db).filter(\.$user.$id == userID)
        if let keeping { query.filter(\.$id != keeping) }
        let ids = try await query.all().compactMap(\.id)
        try await SessionRevocation.delete(ids, on: db)
        return ids
    }
}

/// Mailed single-use tokens, issued in a request or in work after its answer.
enum AccountTokens {
    static func issue(
        _ purpose: AccountToken.Purpose,
        for userID: UUID,
        email: String?,
        lifetime: TimeInterval,
        db: any Database,
        now: Date
    ) async throws -> String {
        let token = Secret.token()
        try await AccountToken(
            userID: userID,
            purpose: purpose,
            tokenHash: Secret.hash(token),
            email: email,
            expiresAt: now.addingTimeInterval(lifetime)
        ).create(on: db)
        return token
    }

    static func issue(
        _ purpose: AccountToken.Purpose,
        for userID: UUID,
        email: String?,
        lifetime: TimeInterval,
        app: Application
    ) async throws -> String {
        try await issue(purpose, for: userID, email: email, lifetime: lifetime, db: app.db, now: app.clock.now)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
