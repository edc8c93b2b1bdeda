import Vapor

/// A restricted account's own requests: only its privacy routes, reading itself and signing out
/// answer; everything else is 403. (Requests about a restricted user by others are refused in
/// `CircleAccess`.)
struct RestrictionGuard: Middleware {
    static let open: Set<String> = [
        "GET /api/v1/me", "POST /api/v1/auth/logout", "GET /api/v1/privacy/policy",
        "POST /api/v1/me/deletion", "DELETE /api/v1/me/deletion",
    ]
    static let privacySegments: Set<String> = [
        "privacy", "access-log", "consents", "restriction", "processing", "deletion", "exports", "export", "data",
    ]

    /// Synchronous: it runs for every API request and needs no database.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let principal = request.auth.get(Principal.self), principal.user.isRestricted,
            let route = request.route
        else { return next.respond(to: request) }
        let path = route.path.map(\.description)
        let pattern = "\(route.method.rawValue) /" + path.joined(separator: "/")
        let isPrivacy =
            path.starts(with: ["api", "v1", "users", ":userId"]) && path.count >= 5
            && Self.privacySegments.contains(path[4])
        guard
            Self.open.contains(pattern) || isPrivacy || path.starts(with: ["api", "v1", "me", "export"])
                || path.starts(with: ["api", "v1", "me", "exports"])
        else { return request.eventLoop.makeFailedFuture(Problem.restricted()) }
        return next.respond(to: request)
    }
}
