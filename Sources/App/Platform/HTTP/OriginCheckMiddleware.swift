import Vapor

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
