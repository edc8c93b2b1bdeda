import Fluent
import MobilizeCore
import Vapor

/// Who is calling: the signed-in user and the session they called with.
struct Principal: Authenticatable, Sendable {
    let user: User
    let session: AuthSession

    var userID: UUID { session.$user.id }
    var actorKind: ActorKind { session.kind == .device ? .device : .person }
}

enum SessionCookie {
    static let name = "mobilize_session"

    static func make(token: String, expiresAt: Date, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token,
            expires: expiresAt,
            maxAge: nil,
            domain: nil,
            path: "/",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .lax
        )
    }

    static func cleared(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "",
            expires: Date(timeIntervalSince1970: 0),
            maxAge: 0,
            domain: nil,
            path: "/",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .lax
        )
    }
}

/// Finds the session of a bearer token or the session cookie. Expired sessions (idle or
/// absolute timeout) are deleted on sight; `lastSeenAt` is written at most once a minute.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.headers.bearerAuthorization?.token ?? request.cookies[SessionCookie.name]?.string,
            !token.isEmpty,
            let principal = try await Self.principal(for: token, on: request)
        {
            request.auth.login(principal)
        }
        return try await next.respond(to: request)
    }

    static func principal(for token: String, on request: Request) async throws -> Principal? {
        guard
            let session = try await AuthSession.query(on: request.db)
                .filter(\.$tokenHash == Secret.hash(token))
                .with(\.$user)
                .first()
        else { return nil }
        let now = request.now
        let config = request.application.config
        let idle = session.kind == .device ? config.deviceSessionIdle : config.sessionIdle
        if session.expiresAt <= now || session.lastSeenAt.addingTimeInterval(idle) <= now {
            try await session.delete(on: request.db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            session.ip = request.clientIP
            try await session.update(on: request.db)
            try await session.user.markActive(at: now, on: request.db)
        }
        return Principal(user: session.user, session: session)
    }
}

extension Request {
    /// The caller, or 401.
    var principal: Principal {
        get throws {
            guard let principal = auth.get(Principal.self) else { throw Problem.unauthorized() }
            return principal
        }
    }

    /// The caller when signed in as a person; a paired device gets 403.
    var person: Principal {
        get throws {
            let principal = try principal
            guard principal.actorKind == .person else {
                throw Problem.forbidden("A paired device cannot do this.")
            }
            return principal
        }
    }

    /// The client's address as the server sees it, or as the load balancer reports it.
    var clientIP: String? {
        if application.config.trustForwardedFor,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress
    }
}
