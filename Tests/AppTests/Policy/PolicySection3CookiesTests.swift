import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 3 (website and cookies), as this product keeps it: no analytics or tracking cookies at
/// all; the only cookie is the HttpOnly session cookie, set by signing in or pairing.
@Suite struct PolicySection3CookiesTests {
    @Test func theOnlyCookieIsTheSessionCookie() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            var cookies: [String] = []
            func collect(_ reply: Reply) {
                cookies += reply.headers[.setCookie].compactMap { $0.split(separator: "=").first.map(String.init) }
            }
            for path in [
                "/", "/index.html", "/healthz", "/api/v1/privacy/policy", "/api/openapi.yaml", "/js/app.js",
                "/css/app.css",
            ] {
                let reply = try await client.get(path)
                #expect(reply.headers[.setCookie].isEmpty, "\(path) sets no cookie")
                collect(reply)
            }
            collect(
                try await client.post(
                    "/api/v1/auth/login",
                    json: ["email": "gina@example.org", "password": Fixtures.password]
                )
            )
            collect(try await client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.guardian.token))
            collect(try await client.post("/api/v1/auth/logout", token: fixtures.planner.token))
            #expect(Set(cookies) == [SessionCookie.name])
        }
    }

    @Test func pagesLoadNothingFromElsewhere() async throws {
        try await withApp { context in
            let page = try await context.client.get("/")
            #expect(page.headers.first(name: .contentSecurityPolicy)?.hasPrefix("default-src 'self'") == true)
            #expect(page.headers.first(name: "Referrer-Policy") == "no-referrer")
        }
    }
}
