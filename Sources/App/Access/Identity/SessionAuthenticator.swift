import Fluent
import MobilizeCore
import Vapor

/// Finds the session of a bearer token or the session cookie. Expired sessions (idle or
/// absolute timeout) are deleted on sight; `lastSeenAt` is written at most once a minute.
struct SessionAuthenticator: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let token = request.headers.bearerAuthorization?.token ?? request.cookies[SessionCookie.name]?.string,
            !token.isEmpty
        else { return next.respond(to: request) }
        // A reading request with a known, current session needs neither the database nor a task.
        if let principal = Self.cachedPrincipal(for: token, on: request) {
            request.auth.login(principal)
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await Self.principal(for: token, on: request) }
            .flatMap { principal in
                if let principal { request.auth.login(principal) }
                return next.respond(to: request)
            }
    }

    /// The principal from the access cache, when nothing about the session needs writing.
    static func cachedPrincipal(for token: String, on request: Request) -> Principal? {
        guard request.mayUseAccessCache else { return nil }
        let now = request.now
        guard let session = request.application.accessCache.session(Secret.hash(token), at: now) else { return nil }
        guard session.isCurrent(at: now, config: request.application.config),
            now.timeIntervalSince(session.lastSeenAt) <= 60
        else { return nil }
        return Principal(session: session)
    }

    static func principal(for token: String, on request: Request) async throws -> Principal? {
        let hash = Secret.hash(token)
        let now = request.now
        let cache = request.application.accessCache
        let cached = request.mayUseAccessCache ? cache.session(hash, at: now) : nil
        let generation = cache.currentGeneration
        let found: AuthSession?
        if let cached {
            found = cached
        } else {
            found = try await AuthSession.query(on: request.db).filter(\.$tokenHash == hash).with(\.$user)
                .with(\.$lockedTo).first()
        }
        guard let session = found else { return nil }
        if !session.isCurrent(at: now, config: request.application.config) {
            cache.forget(session: hash)
            try await AuthSession.query(on: request.db).filter(\.$id == session.requireID()).delete()
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            // Written by column, not through the model: a cached session is shared, read-only.
            try await AuthSession.query(on: request.db).filter(\.$id == session.requireID())
                .set(\.$lastSeenAt, to: now).set(\.$ip, to: request.clientIP).update()
            try await session.user.markActive(at: now, on: request.db)
            cache.forget(session: hash)
        } else if cached == nil, request.mayUseAccessCache {
            cache.keep(session: session, for: hash, readIn: generation, at: now)
        }
        return Principal(session: session)
    }
}
