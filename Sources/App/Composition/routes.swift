import Vapor

/// Every part's routes: the API under `/api/v1`, behind the cache's invalidation, the session and
/// the restriction guard.
func routes(_ app: Application) throws {
    let api = app.grouped("api", "v1").grouped(AccessCacheInvalidation()).grouped(SessionAuthenticator())
        .grouped(RestrictionGuard())
    for part in Composition.parts {
        for collection in part.rootRoutes { try app.register(collection: collection) }
        for collection in part.routes { try api.register(collection: collection) }
    }
}
