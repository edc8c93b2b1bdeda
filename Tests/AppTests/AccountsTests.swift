import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite struct AccountsTests {
    static let password = "a long enough password"

    func register(_ client: TestClient, _ email: String = "mette@example.com") async throws -> Reply {
        try await client.post(
            "/api/v1/auth/register",
            json: ["email": email, "password": Self.password, "name": "Mette"]
        )
    }

    func linkToken(_ context: TestContext, to address: String) async throws -> String {
        try #require(await context.mailer.linkToken(to: address))
    }

    @Test func registeringSendsAVerificationLinkThatWorksOnce() async throws {
        try await withApp { context in
            let client = context.client
            let created = try await register(client, "Mette@Example.com")
            #expect(created.status == .created)
            let user = try #require(created.json["user"] as? [String: any Sendable])
            #expect(user["email"] as? String == "mette@example.com")
            #expect(user["emailVerified"] as? Bool == false)
            let token = try await linkToken(context, to: "mette@example.com")
            #expect(try await client.post("/api/v1/auth/verify-email", json: ["token": token]).status == .noContent)
            #expect(try await client.post("/api/v1/auth/verify-email", json: ["token": token]).status == .badRequest)
            let me = try await client.get(
                "/api/v1/me",
                token: try await client.login("mette@example.com", Self.password)
            )
            #expect(me.json["emailVerified"] as? Bool == true)
        }
    }

    @Test func aVerificationLinkExpiresAfterTwoDays() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let token = try await linkToken(context, to: "mette@example.com")
            context.clock.advance(by: 48 * 3600 + 1)
            let reply = try await context.client.post("/api/v1/auth/verify-email", json: ["token": token])
            #expect(reply.status == .badRequest)
            #expect(reply["type"] == "/problems/invalid-token")
        }
    }

    @Test func registeringWithATakenAddressAnswersAsANewOneAndMailsItsOwner() async throws {
        try await withApp { context in
            let first = try await register(context.client)
            let again = try await register(context.client, "METTE@example.com")
            let new = try await register(context.client, "someone.new@example.com")
            #expect(again.status == .created && again.status == new.status)
            let keys = { (reply: Reply) in ((reply.json["user"] as? [String: any Sendable]) ?? [:]).keys.sorted() }
            #expect(keys(again) == keys(new) && keys(again) == keys(first))
            #expect(
                (again.json["user"] as? [String: any Sendable])?["id"] as? String
                    != (first.json["user"] as? [String: any Sendable])?["id"] as? String,
                "nothing about the existing account is told"
            )
            #expect(try await User.query(on: context.app.db).filter(\.$email == "mette@example.com").count() == 1)
            let mails = await context.mailer.sent.filter { $0.to == "mette@example.com" }
            #expect(mails.count == 2, "the verification, then the notice that someone tried")
            #expect(mails.last?.subject.contains("tried to create an account") == true)
            #expect(mails.last?.body.contains("/#/forgot") == true)
        }
    }

    @Test func passwordsAreStoredWithBcryptCostTwelve() async throws {
        let config = try AppConfig.load([:])
        #expect(config.bcryptCost == 12)
        let hashing = try PasswordHashing(cost: config.bcryptCost, pool: .singleton)
        let hash = try await hashing.hash(Self.password)
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(try await hashing.verify(Self.password, against: hash))
        #expect(try await !hashing.verify("wrong password", against: hash))
    }

    @Test func anUnknownEmailAndAWrongPasswordGetTheSameAnswer() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let wrong = try await context.client.post(
                "/api/v1/auth/login",
                json: ["email": "mette@example.com", "password": "not the password"]
            )
            let unknown = try await context.client.post(
                "/api/v1/auth/login",
                json: ["email": "nobody@example.com", "password": "not the password"]
            )
            #expect(wrong.status == .unauthorized)
            #expect(wrong.status == unknown.status)
            #expect(wrong.body == unknown.body)
        }
    }

    @Test func repeatedFailedLoginsForOneAccountWaitLongerEachTime() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let attempt = ["email": "mette@example.com", "password": "guess guess"]
            for _ in 0..<AuthController.signInsPerAccount.free {
                #expect(try await context.client.post("/api/v1/auth/login", json: attempt).status == .unauthorized)
            }
            let limited = try await context.client.post("/api/v1/auth/login", json: attempt)
            #expect(limited.status == .tooManyRequests && limited.headers.first(name: .retryAfter) == "1")
            let right = ["email": "mette@example.com", "password": Self.password]
            #expect(try await context.client.post("/api/v1/auth/login", json: right).status == .tooManyRequests)
            context.clock.advance(by: 1)
            #expect(try await context.client.post("/api/v1/auth/login", json: attempt).status == .unauthorized)
            let longer = try await context.client.post("/api/v1/auth/login", json: attempt)
            #expect(longer.status == .tooManyRequests && longer.headers.first(name: .retryAfter) == "2")
            context.clock.advance(by: 2)
            #expect(try await context.client.post("/api/v1/auth/login", json: right).status == .ok)
            // The right password starts the count over.
            #expect(try await context.client.post("/api/v1/auth/login", json: attempt).status == .unauthorized)
        }
    }

    @Test func manyFailedLoginsFromOneAddressAreSlowedDown() async throws {
        try await withApp { context in
            for attempt in 0..<AuthController.signInsPerIP.free {
                let reply = try await context.client.post(
                    "/api/v1/auth/login",
                    json: ["email": "guess\(attempt)@example.com", "password": "guess guess"]
                )
                #expect(reply.status == .unauthorized)
            }
            let next = try await context.client.post(
                "/api/v1/auth/login",
                json: ["email": "someone.else@example.com", "password": "guess guess"]
            )
            #expect(next.status == .tooManyRequests)
        }
    }

    @Test func sessionTokensAreStoredOnlyAsHashes() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let token = try await context.client.login("mette@example.com", Self.password)
            #expect(token.count >= 43, "at least 256 bits in base64")
            let sessions = try await AuthSession.query(on: context.app.db).all()
            #expect(sessions.count == 1)
            #expect(sessions[0].tokenHash == Secret.hash(token))
            #expect(sessions[0].tokenHash != token)
        }
    }

    @Test func logoutEndsTheSessionOnTheServer() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let token = try await context.client.login("mette@example.com", Self.password)
            let out = try await context.client.post("/api/v1/auth/logout", token: token)
            #expect(out.status == .noContent)
            #expect(out.headers.setCookie?[SessionCookie.name]?.string == "")
            #expect(try await context.client.get("/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func sessionsEndAfterIdleAndAbsoluteTimeouts() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let config = context.app.config
            let idle = try await context.client.login("mette@example.com", Self.password)
            context.clock.advance(by: config.sessionIdle + 1)
            #expect(try await context.client.get("/api/v1/me", token: idle).status == .unauthorized)

            let busy = try await context.client.login("mette@example.com", Self.password)
            var elapsed: TimeInterval = 0
            while elapsed < config.sessionAbsolute - config.sessionIdle / 2 {
                context.clock.advance(by: config.sessionIdle / 2)
                elapsed += config.sessionIdle / 2
                #expect(try await context.client.get("/api/v1/me", token: busy).status == .ok)
            }
            context.clock.advance(by: config.sessionIdle / 2 + 1)
            #expect(try await context.client.get("/api/v1/me", token: busy).status == .unauthorized)
        }
    }

    @Test func theSessionsListShowsDeviceAndPlatformAndCanRevoke() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let phone = try await context.client.send(
                .POST,
                "/api/v1/auth/login",
                json: ["email": "mette@example.com", "password": Self.password, "deviceName": "Mette's phone"],
                headers: [("User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile Safari/537.36")]
            )
            let laptop = try await context.client.login("mette@example.com", Self.password)
            let list = try await context.client.get("/api/v1/me/sessions", token: laptop)
            #expect(list.items.count == 2)
            let phoneRow = try #require(list.items.first { $0["deviceName"] as? String == "Mette's phone" })
            #expect(phoneRow["platform"] as? String == "Android")
            #expect(phoneRow["browser"] as? String == "Chrome")
            #expect(phoneRow["current"] as? Bool == false)
            let id = try #require(phoneRow["id"] as? String)
            #expect(
                try await context.client.send(.DELETE, "/api/v1/me/sessions/\(id)", token: laptop).status == .noContent
            )
            #expect(try await context.client.get("/api/v1/me", token: phone["token"]).status == .unauthorized)
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let here = try await context.client.login("mette@example.com", Self.password)
            let elsewhere = try await context.client.login("mette@example.com", Self.password)
            let wrong = try await context.client.send(
                .PUT,
                "/api/v1/me/password",
                token: here,
                json: ["currentPassword": "not it at all", "newPassword": "a new long password"]
            )
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.fieldErrors == ["currentPassword"])
            let changed = try await context.client.send(
                .PUT,
                "/api/v1/me/password",
                token: here,
                json: ["currentPassword": Self.password, "newPassword": "a new long password"]
            )
            #expect(changed.status == .noContent)
            #expect(try await context.client.get("/api/v1/me", token: here).status == .ok)
            #expect(try await context.client.get("/api/v1/me", token: elsewhere).status == .unauthorized)
            _ = try await context.client.login("mette@example.com", "a new long password")
        }
    }

    @Test func aPasswordResetLinkWorksOnceWithinAnHourAndEndsEverySession() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let old = try await context.client.login("mette@example.com", Self.password)
            let asked = try await context.client.post(
                "/api/v1/auth/password/forgot",
                json: ["email": "mette@example.com"]
            )
            #expect(asked.status == .accepted)
            let unknown = try await context.client.post(
                "/api/v1/auth/password/forgot",
                json: ["email": "no@example.com"]
            )
            #expect(unknown.status == .accepted)
            #expect(await context.mailer.last(to: "no@example.com") == nil)
            let token = try await linkToken(context, to: "mette@example.com")
            let reset = ["token": token, "password": "brand new password"]
            #expect(try await context.client.post("/api/v1/auth/password/reset", json: reset).status == .noContent)
            #expect(try await context.client.post("/api/v1/auth/password/reset", json: reset).status == .badRequest)
            #expect(try await context.client.get("/api/v1/me", token: old).status == .unauthorized)
            _ = try await context.client.login("mette@example.com", "brand new password")

            _ = try await context.client.post("/api/v1/auth/password/forgot", json: ["email": "mette@example.com"])
            let late = try await linkToken(context, to: "mette@example.com")
            context.clock.advance(by: 3601)
            let expired = try await context.client.post(
                "/api/v1/auth/password/reset",
                json: ["token": late, "password": "yet another password"]
            )
            #expect(expired.status == .badRequest)
        }
    }

    @Test func theWebCookieIsHttpOnlyLaxAndSecureOutsideLocalDevelopment() async throws {
        try await withApp { context in
            _ = try await register(context.client)
            let local = try await context.client.post(
                "/api/v1/auth/login",
                json: ["email": "mette@example.com", "password": Self.password]
            )
            let cookie = try #require(local.headers[.setCookie].first { $0.hasPrefix(SessionCookie.name) })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            context.app.config.publicURL = URL(string: "https://plan.example.org")!
            let publicAddress = try await context.client.post(
                "/api/v1/auth/login",
                json: ["email": "mette@example.com", "password": Self.password]
            )
            #expect(publicAddress.headers[.setCookie].count == 2)
            #expect(publicAddress.headers[.setCookie].allSatisfy { $0.contains("Secure") })
        }
    }
}
