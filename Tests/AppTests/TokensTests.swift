import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Mailed tokens and sessions: a new password voids the old links and ends the sessions, an
/// invitation is for the address it was sent to, and no answer or its time tells whether an
/// address has an account.
@Suite struct TokensTests {
    @Test func aPasswordResetVoidsEveryOtherResetLinkAndEndsEverySession() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            var links: [String] = []
            for _ in 0..<2 {
                #expect(try await client.post("/api/v1/auth/password/forgot", json: ["email": "paul@example.org"]).status == .accepted)
                links.append(try #require(await context.mailer.linkToken(to: "paul@example.org")))
            }
            #expect(Set(links).count == 2)
            let reset = try await client.post(
                "/api/v1/auth/password/reset",
                json: ["token": links[1], "password": "a brand new password"]
            )
            #expect(reset.status == .noContent)
            let older = try await client.post(
                "/api/v1/auth/password/reset",
                json: ["token": links[0], "password": "the attacker's password"]
            )
            #expect(older.status == .badRequest && older["type"] == "/problems/invalid-token")
            #expect(try await client.get("/api/v1/me", token: fixtures.planner.token).status == .unauthorized)
        }
    }

    @Test func aPasswordChangeVoidsTheResetLinksStillInTheMailbox() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            _ = try await client.post("/api/v1/auth/password/forgot", json: ["email": "paul@example.org"])
            let link = try #require(await context.mailer.linkToken(to: "paul@example.org"))
            let changed = try await client.send(
                .PUT,
                "/api/v1/me/password",
                token: fixtures.planner.token,
                json: ["currentPassword": Fixtures.password, "newPassword": "a brand new password"]
            )
            #expect(changed.status == .noContent)
            let late = try await client.post("/api/v1/auth/password/reset", json: ["token": link, "password": "hijacked!!"])
            #expect(late.status == .badRequest)
        }
    }

    @Test func anInvitationIsAcceptedOnlyByTheConfirmedAddressItWasSentTo() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let sent = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token,
                json: ["email": "Nana@Example.org", "role": "planner"]
            )
            #expect(sent.status == .created)
            let token = try #require(await context.mailer.linkToken(to: "nana@example.org"))
            let path = "/api/v1/invitations/\(token)"
            // Someone else who got hold of the link.
            let preview = try await client.get(path, token: fixtures.stranger.token)
            #expect(preview["sentTo"] == "n•••@example.org" && preview.json["forYou"] as? Bool == false)
            let stolen = try await client.post("\(path)/accept", token: fixtures.stranger.token)
            #expect(stolen.status == .forbidden && stolen["type"] == "/problems/invitation-for-another-address")
            // The addressee, before confirming the address, and after.
            _ = try await client.post(
                "/api/v1/auth/register",
                json: ["email": "nana@example.org", "password": "nana's password", "name": "Nana"]
            )
            let nana = try await client.login("nana@example.org", "nana's password")
            let early = try await client.post("\(path)/accept", token: nana)
            #expect(early.status == .forbidden && early["type"] == "/problems/email-not-verified")
            let verify = try #require(await context.mailer.linkToken(to: "nana@example.org"))
            #expect(try await client.post("/api/v1/auth/verify-email", json: ["token": verify]).status == .noContent)
            let accepted = try await client.post("\(path)/accept", token: nana)
            #expect(accepted.status == .ok)
            #expect(try await client.get("/api/v1/users/\(fixtures.child.id)", token: nana).status == .ok)
            #expect(try await client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.stranger.token).status == .notFound)
        }
    }

    @Test func forgottenPasswordsAreAnsweredBeforeAnyLookupOrMail() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            context.app.deferred.hold()
            var answers: [Reply] = []
            for email in ["paul@example.org", "nobody@example.org"] {
                answers.append(try await context.client.post("/api/v1/auth/password/forgot", json: ["email": email]))
            }
            #expect(answers.map(\.status) == [.accepted, .accepted] && answers[0].body == answers[1].body)
            // When both answers had left, neither had written a token or sent a mail.
            #expect(try await AccountToken.query(on: context.app.db).count() == 0)
            #expect(await context.mailer.sent.isEmpty)
            context.app.deferred.release()
            await context.app.deferred.idle()
            #expect(try await AccountToken.query(on: context.app.db).count() == 1)
            #expect(await context.mailer.sent.map(\.to) == ["paul@example.org"])
        }
    }

    @Test func registeringIsAnsweredTheSameForATakenAddressAndNothingIsMailedBeforeTheAnswer() async throws {
        try await withApp { context in
            _ = try await Fixtures.make(context)
            context.app.deferred.hold()
            let body = { (email: String) -> [String: any Sendable] in
                ["email": email, "password": "long enough pw", "name": "Someone"]
            }
            let taken = try await context.client.post("/api/v1/auth/register", json: body("gina@example.org"))
            let fresh = try await context.client.post("/api/v1/auth/register", json: body("fresh@example.org"))
            #expect(taken.status == .created && fresh.status == .created)
            #expect(await context.mailer.sent.isEmpty)
            context.app.deferred.release()
            await context.app.deferred.idle()
            #expect(Set(await context.mailer.sent.map(\.to)) == ["gina@example.org", "fresh@example.org"])
        }
    }
}
