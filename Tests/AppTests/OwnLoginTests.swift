import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A young person's own sign-in: given by their guardian (a username and password, an address, or
/// a one-time code for their own phone), or made by themselves at 13 or more; the account then
/// opens on its own week, and switching it from Me to PlaNet keeps everything.
@Suite struct OwnLoginTests {
    static let password = "my own password"

    @Test func aGuardianGivesAUsernameAndTheYoungPersonSignsInToTheSameItemsInPlaNet() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            let made = try await client.post(
                "\(child)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Swimming", "start": "2026-11-19T16:00", "durationMinutes": 60]
            )
            #expect(made.status == .created)
            _ = try await client.post("\(child)/invitations", token: fixtures.guardian.token, json: ["email": "aunt@example.org", "role": "viewer"])

            let given = try await client.send(
                .PUT,
                "\(child)/login",
                token: fixtures.guardian.token,
                json: ["username": " Ida.K ", "password": Self.password]
            )
            #expect(given.status == .ok)
            #expect(given["username"] == "ida.k" && given.json["ownWeek"] as? Bool == true)
            #expect(given.json["hasLogin"] as? Bool == true)
            // From Me to PlaNet: the plan, the planners and the log stay as they were.
            let switched = try await client.send(.PATCH, child, token: fixtures.guardian.token, json: ["app": "planet"])
            #expect(switched.status == .ok && switched["app"] == "planet")

            let login = try await client.post(
                "/api/v1/auth/login",
                json: ["username": "IDA.K", "password": Self.password]
            )
            #expect(login.status == .ok)
            #expect(login.json["device"] as? Bool == false)
            let user = try #require(login.json["user"] as? [String: any Sendable])
            #expect(user["id"] as? String == fixtures.child.id.uuidString && user["ownWeek"] as? Bool == true)
            let token = try #require(login["token"])
            let plan = try await client.get("\(child)/plan?from=2026-11-19&to=2026-11-19", token: token)
            #expect(PlansTests.occurrences(plan, on: "2026-11-19").map { $0["title"] as? String } == ["Swimming"])
            let planners = try await client.get("\(child)/planners", token: fixtures.guardian.token)
            #expect(planners.items.count == 3)
            // Their own week now: they add to it themselves.
            let own = try await client.post(
                "\(child)/activities",
                token: token,
                json: ["title": "Football", "start": "2026-11-20T17:00"]
            )
            #expect(own.status == .created)
            // The tablet the guardian paired before still shows the day.
            #expect(try await client.get("/api/v1/me", token: fixtures.child.token).status == .ok)

            // A new password from the guardian ends the sessions signed in with the old one.
            let again = try await client.send(
                .PUT,
                "\(child)/login",
                token: fixtures.guardian.token,
                json: ["username": "ida.k", "password": "a brand new one"]
            )
            #expect(again.status == .ok)
            #expect(try await client.get("/api/v1/me", token: token).status == .unauthorized)
            #expect(try await client.get("/api/v1/me", token: fixtures.child.token).status == .ok)
        }
    }

    @Test func aTakenUsernameAWeakPasswordAndMixedModesAreClearProblemsThatChangeNothing() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            let teen = try await User.find(fixtures.teen.id, on: context.app.db)
            teen?.username = "taken.name"
            try await teen?.update(on: context.app.db)
            for (body, field) in [
                (["username": "taken.name", "password": Self.password], "username"),
                (["username": "ida", "password": "short"], "password"),
                (["username": "a@b", "password": Self.password], "username"),
                (["username": "x", "password": Self.password], "username"),
                (["username": "ida"], "password"),
                (["email": "ida@example.org", "password": Self.password], "password"),
                (["email": "not an address"], "email"),
                (["email": "paul@example.org"], "email"),
                ([:], "username"),
            ] as [([String: any Sendable], String)] {
                let reply = try await client.send(.PUT, "\(child)/login", token: fixtures.guardian.token, json: body)
                #expect(reply.status == .unprocessableEntity, "\(body)")
                #expect(reply.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let errors = reply.json["errors"] as? [[String: any Sendable]] ?? []
                #expect(errors.contains { $0["field"] as? String == field }, "\(body): \(errors)")
            }
            let unknown = try await client.send(.PUT, "\(child)/login", token: fixtures.guardian.token, json: ["user": "x"])
            #expect(unknown.status == .unprocessableEntity || unknown.status == .badRequest)
            // Only a guardian gives a sign-in; a young person with their own address keeps it theirs.
            for token in [fixtures.planner.token, fixtures.viewer.token] {
                let reply = try await client.send(.PUT, "\(child)/login", token: token, json: ["username": "ida", "password": Self.password])
                #expect(reply.status == .forbidden)
            }
            let takeover = try await client.send(
                .PUT,
                "/api/v1/users/\(fixtures.teen.id)/login",
                token: fixtures.guardian.token,
                json: ["username": "tove", "password": Self.password]
            )
            #expect(takeover.status == .conflict)
            let child0 = try #require(try await User.find(fixtures.child.id, on: context.app.db))
            #expect(child0.username == nil && child0.passwordHash == nil && !child0.ownWeek)
            #expect(await context.mailer.sent.isEmpty)
        }
    }

    @Test func anAddressSignInIsSetUpFromTheMailOnceAndVoidsAnEarlierLink() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            #expect(try await client.send(.PUT, "\(child)/login", token: fixtures.guardian.token, json: ["email": "ida@example.org"]).status == .ok)
            let first = try #require(await context.mailer.linkToken(to: "ida@example.org"))
            #expect(await context.mailer.last(to: "ida@example.org")?.body.contains("Gina") == true)
            #expect(try await client.send(.PUT, "\(child)/login", token: fixtures.guardian.token, json: ["email": "ida.k@example.org"]).status == .ok)
            let second = try #require(await context.mailer.linkToken(to: "ida.k@example.org"))
            let old = try await client.post("/api/v1/auth/setup-login", json: ["token": first, "password": Self.password])
            #expect(old.status == .badRequest && old["type"] == "/problems/invalid-token")
            let weak = try await client.post("/api/v1/auth/setup-login", json: ["token": second, "password": "short"])
            #expect(weak.status == .unprocessableEntity)
            let done = try await client.post("/api/v1/auth/setup-login", json: ["token": second, "password": Self.password])
            #expect(done.status == .ok)
            let user = try #require(done.json["user"] as? [String: any Sendable])
            #expect(user["email"] as? String == "ida.k@example.org" && user["emailVerified"] as? Bool == true)
            let twice = try await client.post("/api/v1/auth/setup-login", json: ["token": second, "password": Self.password])
            #expect(twice.status == .badRequest)
            let login = try await client.post("/api/v1/auth/login", json: ["email": "ida.k@example.org", "password": Self.password])
            #expect(login.status == .ok)
            // Now the address is theirs: the guardian cannot give another sign-in over it.
            let over = try await client.send(.PUT, "\(child)/login", token: fixtures.guardian.token, json: ["username": "ida", "password": Self.password])
            #expect(over.status == .conflict)
        }
    }

    @Test func aSignInCodeSignsTheYoungPersonsOwnPhoneInOnceWithinFifteenMinutes() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            _ = try await client.send(.PATCH, child, token: fixtures.guardian.token, json: ["app": "planet"])
            #expect(try await client.post("\(child)/sign-in-codes", token: fixtures.planner.token).status == .forbidden)
            let made = try await client.post("\(child)/sign-in-codes", token: fixtures.guardian.token)
            #expect(made.status == .created)
            let code = try #require(made["code"])
            #expect((made["qrSvg"] ?? "").hasPrefix("<svg"))
            let phone = try await client.post("/api/v1/auth/pair", json: ["code": code, "deviceName": "Ida's phone"])
            #expect(phone.status == .ok && phone.json["device"] as? Bool == false)
            let token = try #require(phone["token"])
            let own = try await client.post("\(child)/activities", token: token, json: ["title": "Gaming", "start": "2026-11-20T19:00"])
            #expect(own.status == .created, "signed in as themselves, not as a device")
            let twice = try await client.post("/api/v1/auth/pair", json: ["code": code, "deviceName": "another"])
            #expect(twice.status == .badRequest && twice["type"] == "/problems/invalid-token")
            let late = try #require(try await client.post("\(child)/sign-in-codes", token: fixtures.guardian.token)["code"])
            context.clock.advance(by: 15 * 60 + 1)
            let expired = try await client.post("/api/v1/auth/pair", json: ["code": late, "deviceName": "late"])
            #expect(expired.status == .badRequest)
            // The session is the young person's own: it answers as them.
            let me = try await client.get("/api/v1/me", token: token)
            #expect(me.status == .ok && me["id"] == fixtures.child.id.uuidString)
        }
    }

    @Test func aYoungPersonOf13OrMoreSignsUpForTheirOwnWeekUnder13AGuardianIsNeeded() async throws {
        try await withApp { context in
            let client = context.client
            let year = context.clock.now.calendarYear
            func register(_ email: String, _ extra: [String: any Sendable]) async throws -> Reply {
                var body: [String: any Sendable] = ["email": email, "password": Self.password, "name": "Young"]
                body.merge(extra) { $1 }
                return try await client.post("/api/v1/auth/register", json: body)
            }
            let teen = try await register("young@example.org", ["ownWeek": true, "birthYear": year - 14])
            #expect(teen.status == .created)
            let user = try #require(teen.json["user"] as? [String: any Sendable])
            #expect(user["ownWeek"] as? Bool == true && user["app"] as? String == "planet")
            let child = try await register("kid@example.org", ["ownWeek": true, "birthYear": year - 10])
            #expect(child.status == .unprocessableEntity && child["type"] == "/problems/guardian-consent-needed")
            let noYear = try await register("kid2@example.org", ["ownWeek": true])
            #expect(noYear.status == .unprocessableEntity)
            let adult = try await register("adult@example.org", [:])
            #expect((adult.json["user"] as? [String: any Sendable])?["ownWeek"] as? Bool == false)
            #expect(try await User.query(on: context.app.db).filter(\.$email ~~ ["kid@example.org", "kid2@example.org"]).count() == 0)
        }
    }
}
