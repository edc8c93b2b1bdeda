import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Every limit counts an attempt before checking it, in one statement shared by all instances, so
/// thirty requests at once are thirty attempts; and no limit can be turned against the owner.
@Suite struct LimitsTests {
    /// Sends the same request `count` times at once and answers the statuses, sorted.
    static func atOnce(_ count: Int, _ send: @escaping @Sendable () async throws -> Reply) async throws -> [UInt] {
        try await withThrowingTaskGroup(of: UInt.self) { group in
            for _ in 0..<count { group.addTask { try await send().status.code } }
            var codes: [UInt] = []
            for try await code in group { codes.append(code) }
            return codes.sorted()
        }
    }

    @Test func thirtyOneWrongPasswordsAtOnceAreCheckedOnlyFiveTimes() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            let codes = try await Self.atOnce(31) {
                try await context.client.post(
                    "/api/v1/auth/login",
                    json: ["email": "gina@example.org", "password": "a wrong guess"]
                )
            }
            let free = AuthController.signInsPerAccount.free
            #expect(codes == Array(repeating: 401, count: free) + Array(repeating: 429, count: 31 - free))
        }
    }

    @Test func thirtyWrongPinsAtOnceAreCheckedOnlyFiveTimes() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = try await ChildModeTests.lockedSession(context, fixtures)
            let codes = try await Self.atOnce(30) {
                try await context.client.post("/api/v1/me/child-mode/unlock", token: token, json: ["pin": "0000"])
            }
            let free = ChildModeController.wrongPins.free
            #expect(codes == Array(repeating: 422, count: free) + Array(repeating: 429, count: 30 - free))
        }
    }

    @Test func wrongCurrentPasswordsAreLimitedAcrossEveryCheck() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = fixtures.teen.token
            let free = AccountService.passwordChecks.free
            for index in 0..<free {
                let (path, body): (String, [String: any Sendable]) =
                    index % 2 == 0
                    ? ("/api/v1/me/password", ["currentPassword": "wrong one!", "newPassword": "a new long one"])
                    : ("/api/v1/me/email", ["email": "tove@new.example", "password": "wrong one!"])
                #expect(try await context.client.send(.PUT, path, token: token, json: body).status == .unprocessableEntity)
            }
            for (path, body) in [
                ("/api/v1/me/password", ["currentPassword": Fixtures.password, "newPassword": "a new long one"]),
                ("/api/v1/me/email", ["email": "tove@new.example", "password": Fixtures.password]),
                ("/api/v1/me/child-mode-pin", ["pin": "2468", "password": Fixtures.password]),
            ] {
                let waiting = try await context.client.send(.PUT, path, token: token, json: body)
                #expect(waiting.status == .tooManyRequests && waiting.isProblem, "\(path)")
                #expect(waiting.headers.first(name: .retryAfter) == "1")
            }
            context.clock.advance(by: 1)
            let changed = try await context.client.send(
                .PUT,
                "/api/v1/me/password",
                token: token,
                json: ["currentPassword": Fixtures.password, "newPassword": "a new long one"]
            )
            #expect(changed.status == .noContent)
        }
    }

    @Test func aStrangerCannotLockTheOwnerOutOfTheirOwnDevice() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            let client = context.client
            let owner = try await client.post(
                "/api/v1/auth/login",
                json: ["email": "gina@example.org", "password": Fixtures.password]
            )
            let device = try #require(owner["deviceToken"])
            // A stranger somewhere else guesses until the account is slowed down for everyone else.
            for _ in 0..<12 {
                _ = try await client.post("/api/v1/auth/login", json: ["email": "gina@example.org", "password": "guess!!!"])
            }
            let newDevice = try await client.post(
                "/api/v1/auth/login",
                json: ["email": "gina@example.org", "password": Fixtures.password]
            )
            #expect(newDevice.status == .tooManyRequests)
            // The owner's own browser (its cookie) or app (its token) is let in at once.
            let fromCookie = try await client.send(
                .POST,
                "/api/v1/auth/login",
                json: ["email": "gina@example.org", "password": Fixtures.password],
                headers: [("Cookie", "\(KnownDevices.cookieName)=\(device)")]
            )
            #expect(fromCookie.status == .ok && fromCookie["deviceToken"] == device)
            let fromApp = try await client.post(
                "/api/v1/auth/login",
                json: ["email": "gina@example.org", "password": Fixtures.password, "deviceToken": device]
            )
            #expect(fromApp.status == .ok)
            // A token of this browser is worth nothing for another account.
            let other = try await client.post(
                "/api/v1/auth/login",
                json: ["email": "paul@example.org", "password": "guess!!!", "deviceToken": device]
            )
            #expect(other.status == .unauthorized)
        }
    }

    @Test func provingTheMailboxEndsTheSlowDown() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            let client = context.client
            for _ in 0..<12 {
                _ = try await client.post("/api/v1/auth/login", json: ["email": "paul@example.org", "password": "guess!!!"])
            }
            let right = ["email": "paul@example.org", "password": "a brand new password"]
            #expect(try await client.post("/api/v1/auth/password/forgot", json: ["email": "paul@example.org"]).status == .accepted)
            let token = try #require(await context.mailer.linkToken(to: "paul@example.org"))
            let reset = try await client.post(
                "/api/v1/auth/password/reset",
                json: ["token": token, "password": right["password"]!]
            )
            #expect(reset.status == .noContent)
            #expect(try await client.post("/api/v1/auth/login", json: right).status == .ok)
        }
    }

    @Test func aPairingCodeSpentThirtyTimesAtOnceMakesOneDevice() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let code = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/pairing-codes",
                token: fixtures.guardian.token
            )
            let before = try await AuthSession.query(on: context.app.db).filter(\.$kind == .device).count()
            let codes = try await Self.atOnce(30) {
                try await context.client.post("/api/v1/auth/pair", json: ["code": code["code"] ?? "", "deviceName": "iPad"])
            }
            #expect(codes.filter { $0 == 200 }.count == 1)
            #expect(codes.allSatisfy { [200, 400, 429].contains($0) })
            #expect(try await AuthSession.query(on: context.app.db).filter(\.$kind == .device).count() == before + 1)
        }
    }

    @Test func pairingCodesAndMailedTokensAreLimitedPerAddress() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            for _ in 0..<PairingController.pairingsPerIP.free {
                let wrong = try await context.client.post("/api/v1/auth/pair", json: ["code": "2345-6789", "deviceName": "x"])
                #expect(wrong.status == .badRequest)
            }
            let pairing = try await context.client.post("/api/v1/auth/pair", json: ["code": "2345-6789", "deviceName": "x"])
            #expect(pairing.status == .tooManyRequests)
            for _ in 0..<AuthController.tokensPerIP.free {
                let wrong = try await context.client.post(
                    "/api/v1/auth/password/reset",
                    json: ["token": "not-a-token", "password": "long enough now"]
                )
                #expect(wrong.status == .badRequest)
            }
            let reset = try await context.client.post(
                "/api/v1/auth/password/reset",
                json: ["token": "not-a-token", "password": "long enough now"]
            )
            #expect(reset.status == .tooManyRequests)
            let verify = try await context.client.post("/api/v1/auth/verify-email", json: ["token": "not-a-token"])
            #expect(verify.status == .tooManyRequests, "the same count for every mailed token")
        }
    }
}
