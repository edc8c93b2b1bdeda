import Vapor

/// Every page and asset comes from our own origin (policy 3, 4.2, 5.4): the browser is told
/// to load nothing from anywhere else, and no page may be framed by another site.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        + "frame-ancestors 'none'; form-action 'self'"

    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(HTTPHeaders.Name, String)] = [
            (.contentSecurityPolicy, Self.contentSecurityPolicy),
            (.xContentTypeOptions, "nosniff"),
            (.init("Referrer-Policy"), "no-referrer"),
            (.init("Cross-Origin-Opener-Policy"), "same-origin"),
            (.init("Cross-Origin-Resource-Policy"), "same-origin"),
            (.init("Permissions-Policy"), "camera=(self), microphone=(), geolocation=(), interest-cohort=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Over TLS, the browser is told to come back over TLS only, for a year.
        if request.cameOverTLS {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: Self.strictTransportSecurity)
        }
        // API answers are not cached unless the route says how (pictures, with a validator).
        if request.url.path.hasPrefix("/api/") && !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// Cross-site request forgery guard: a state-changing request from a browser must come from our
/// own origin. Browsers send `Sec-Fetch-Site` and `Origin`; a request carrying the session cookie
/// but neither header is refused too.
struct OriginCheckMiddleware: AsyncMiddleware {
    let publicOrigin: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else {
            return try await next.respond(to: request)
        }
        let site = request.headers.first(name: "Sec-Fetch-Site")
        let origin = request.headers.first(name: .origin)
        if let site, !["same-origin", "none"].contains(site) {
            throw Problem.forbidden("Cross-site requests are not accepted.")
        }
        if let origin, !Self.isSameOrigin(origin, request, publicOrigin: publicOrigin) {
            throw Problem.forbidden("Cross-site requests are not accepted.")
        }
        let usesCookie = request.cookies[SessionCookie.name] != nil && request.headers.bearerAuthorization == nil
        if usesCookie && site == nil && origin == nil {
            throw Problem.forbidden("A request with the session cookie must come from the web app.")
        }
        return try await next.respond(to: request)
    }

    static func isSameOrigin(_ origin: String, _ request: Request, publicOrigin: String) -> Bool {
        if origin == publicOrigin { return true }
        guard let host = request.headers.first(name: .host) else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}

/// Logs each request by its route pattern, never its concrete path, so that tokens in paths and
/// other personal data stay out of the logs.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(static)"
        let elapsed = ContinuousClock.now - started
        request.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)",
                "status": "\(response.status.code)",
                "ms": "\(elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds * 1000)",
            ]
        )
        return response
    }
}

/// A path or query carrying U+0000 (`%00`) is refused before any route reads it: no database
/// stores that character faithfully, and no identifier or search contains it.
struct NulInURLGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let url = request.url.string
        if url.contains("%00") || url.unicodeScalars.contains("\u{0}") {
            throw Problem.badRequest("The address must not contain the NUL character.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The request came over TLS: to this server directly, or to the trusted load balancer in
    /// front of it (`X-Forwarded-Proto: https`, believed only with `TRUST_PROXY`).
    var cameOverTLS: Bool {
        if application.http.server.configuration.tlsConfiguration != nil { return true }
        guard application.config.trustForwardedFor,
            let proto = headers.first(name: "X-Forwarded-Proto")?.split(separator: ",").first
        else { return false }
        return proto.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }
}
