import Fluent
import MobilizeCore
import Vapor

/// Sessions and mailed tokens: the parts of signing in that several routes share.
struct AccountService {
    let request: Request

    private var db: any Database { request.db }
    private var now: Date { request.now }
    private var config: AppConfig { request.application.config }

    /// Starts a session and returns its token, which is shown to the client once.
    func startSession(for user: User, kind: AuthSession.Kind, deviceName: String?) async throws -> LoginResponse {
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
        try await session.create(on: db)
        try await user.markActive(at: now, on: db)
        return LoginResponse(token: token, expiresAt: session.expiresAt, user: try user.toDTO())
    }

    /// A browser gets the token as an HttpOnly cookie too; the response body stays the same.
    func response(_ login: LoginResponse, status: HTTPStatus = .ok) async throws -> Response {
        let response = try await login.encodeResponse(status: status, for: request)
        response.cookies[SessionCookie.name] = SessionCookie.make(
            token: login.token,
            expiresAt: login.expiresAt,
            secure: config.secureCookies
        )
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
        let token = Secret.token()
        let record = AccountToken(
            userID: try user.requireID(),
            purpose: purpose,
            tokenHash: Secret.hash(token),
            email: email ?? user.email,
            expiresAt: now.addingTimeInterval(lifetime)
        )
        try await record.create(on: db)
        return token
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
            record.purpose == .changeEmail || record.email == record.user.email
        else { throw DomainError.invalidToken }
        record.usedAt = now
        try await record.update(on: db)
        return record
    }

    func sendVerification(to user: User) async throws {
        guard let email = user.email else { return }
        let token = try await issueToken(.verifyEmail, for: user, lifetime: 48 * 3600)
        let link = config.link("verify", "token", token)
        await request.sendMail(AccountMails.verifyEmail(to: email, name: user.name, link: link, in: user.locale))
    }

    /// Ends every session of a user, or every one but `keeping`.
    func endSessions(of userID: UUID, keeping: UUID? = nil, on db: any Database) async throws {
        let query = AuthSession.query(on: db).filter(\.$user.$id == userID)
        if let keeping { query.filter(\.$id != keeping) }
        try await query.delete()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
