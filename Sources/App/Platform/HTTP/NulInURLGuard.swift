import Vapor

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
