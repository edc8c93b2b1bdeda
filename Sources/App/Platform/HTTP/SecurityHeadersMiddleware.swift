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
