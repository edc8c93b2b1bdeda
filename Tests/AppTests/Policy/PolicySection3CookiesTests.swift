import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 3 (website and cookies), as this product keeps it: no analytics or tracking cookies at
/// all; two cookies, both for security and HttpOnly: the session, set by signing in or pairing,
/// and the browser an account signed in from before, set by signing in with a password.
@Suite struct PolicySection3CookiesTests {
    @Test func theOnlyCookiesAreTheSessionAndTheKnownBrowser() async throws {
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
            #expect(Set(cookies) == [SessionCookie.name, KnownDevices.cookieName])
            let login = try await client.post(
                "/api/v1/auth/login",
                json: ["email": "paul@example.org", "password": Fixtures.password]
            )
            let device = try #require(login.headers[.setCookie].first { $0.hasPrefix(KnownDevices.cookieName + "=") })
            #expect(device.contains("HttpOnly") && device.contains("SameSite=Strict") && device.contains("Path=/api/v1/auth"))
            // Pairing a child's device sets only the session.
            let code = try await client.post("/api/v1/users/\(fixtures.child.id)/pairing-codes", token: fixtures.guardian.token)
            let paired = try await client.post("/api/v1/auth/pair", json: ["code": code["code"] ?? "", "deviceName": "iPad"])
            #expect(paired.headers[.setCookie].allSatisfy { $0.hasPrefix(SessionCookie.name + "=") })
        }
    }

    @Test func thePolicyInForceNamesBothCookies() async throws {
        try await withApp { context in
            for language in ["en", "da"] {
                let policy = try await context.client.get("/api/v1/privacy/policy?lang=\(language)")
                #expect(policy.json["version"] as? Int == PrivacyPolicy.current.version)
                let text = policy["text"] ?? ""
                #expect(text.contains(language == "en" ? "two cookies" : "to cookies"))
            }
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
