import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite struct CirclesTests {
    @Test func aPlannerWhoCreatesAChildBecomesItsGuardian() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let created = try await context.client.post(
                "/api/v1/users",
                token: fixtures.stranger.token,
                json: ["name": "Bo", "app": "me", "birthYear": 2019]
            )
            #expect(created.status == .created)
            #expect(created["timeZone"] == "Europe/Copenhagen")
            #expect(created.json["hasLogin"] as? Bool == false)
            let id = try #require(created["id"])
            let planners = try await context.client.get("/api/v1/users/\(id)/planners", token: fixtures.stranger.token)
            #expect(planners.items.map { $0["role"] as? String } == ["guardian"])
            let home = try await context.client.get("/api/v1/users", token: fixtures.stranger.token)
            #expect(home.items.contains { ($0["user"] as? [String: any Sendable])?["name"] as? String == "Bo" })
        }
    }

    @Test func aPairingCodeSignsInOneDeviceOnceAndOnlyForAWhile() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let code = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/pairing-codes",
                token: fixtures.planner.token
            )
            #expect(code.status == .created)
            let text = try #require(code["code"])
            #expect(text.count == 9 && text.contains("-"))
            #expect(code["qrSvg"]?.hasPrefix("<svg") == true)
            let paired = try await client.post(
                "/api/v1/auth/pair",
                json: ["code": text.lowercased(), "deviceName": "Ida's iPad"]
            )
            #expect(paired.status == .ok)
            #expect((paired.json["user"] as? [String: any Sendable])?["name"] as? String == "Ida")
            let again = try await client.post("/api/v1/auth/pair", json: ["code": text, "deviceName": "Another"])
            #expect(again.status == .badRequest)

            let late = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/pairing-codes",
                token: fixtures.guardian.token
            )
            context.clock.advance(by: PairingController.codeLifetime + 1)
            let expired = try await client.post(
                "/api/v1/auth/pair",
                json: ["code": late["code"] ?? "", "deviceName": "Late"]
            )
            #expect(expired.status == .badRequest)
        }
    }

    @Test func aDeviceSessionIsLimitedToItsUserAndThePlannerCanRevokeIt() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let device = fixtures.child.token
            #expect(try await client.get("/api/v1/users/\(fixtures.child.id)", token: device).status == .ok)
            #expect(try await client.get("/api/v1/users/\(fixtures.teen.id)", token: device).status == .notFound)
            #expect(try await client.get("/api/v1/users", token: device).status == .forbidden)
            let devices = try await client.get(
                "/api/v1/users/\(fixtures.child.id)/devices",
                token: fixtures.guardian.token
            )
            let ipad = try #require(devices.items.first { $0["deviceName"] as? String == "iPad" })
            #expect(ipad["kind"] as? String == "paired")
            let id = try #require(ipad["id"] as? String)
            let revoked = try await client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/devices/\(id)",
                token: fixtures.guardian.token
            )
            #expect(revoked.status == .noContent)
            #expect(try await client.get("/api/v1/me", token: device).status == .unauthorized)
        }
    }

    @Test func anInvitedPlannerAcceptsByMailAndGetsTheRole() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let invited = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token,
                json: ["email": "Stan@Example.org", "role": "viewer"]
            )
            #expect(invited.status == .created)
            let mail = try #require(await context.mailer.last(to: "stan@example.org"))
            #expect(mail.subject.contains("Gina"))
            #expect(mail.body.contains("/#/invitation?token="))
            let token = try #require(await context.mailer.linkToken(to: "stan@example.org"))
            let path = "/api/v1/invitations/\(token)"
            let preview = try await client.get(path, token: fixtures.stranger.token)
            #expect(preview["userName"] == "Ida")
            #expect(preview["invitedByName"] == "Gina")
            let accepted = try await client.post(path + "/accept", token: fixtures.stranger.token)
            #expect(accepted.status == .ok)
            #expect(accepted["role"] == "viewer")
            #expect(
                try await client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.stranger.token).status == .ok
            )
            #expect(try await client.post(path + "/accept", token: fixtures.stranger.token).status == .badRequest)
            let again = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token,
                json: ["email": "stan@example.org", "role": "planner"]
            )
            #expect(again.status == .conflict)
        }
    }

    @Test func anInvitationExpiresAfterSevenDaysAndCanBeRevoked() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let invited = try await client.post(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token,
                json: ["email": "late@example.org", "role": "planner"]
            )
            let id = try #require(invited["id"])
            let pending = try await client.get(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token
            )
            #expect(pending.items.count == 1)
            #expect(
                try await client.send(
                    .DELETE,
                    "/api/v1/users/\(fixtures.child.id)/invitations/\(id)",
                    token: fixtures.guardian.token
                )
                .status == .noContent
            )
            let none = try await client.get(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token
            )
            #expect(none.items.isEmpty)
            context.clock.advance(by: 7 * 86_400 + 1)
            let token = try #require(await context.mailer.linkToken(to: "late@example.org"))
            #expect(
                try await client.post("/api/v1/invitations/\(token)/accept", token: fixtures.stranger.token).status
                    == .badRequest
            )
        }
    }

    @Test func aRemovedPlannerLosesAccessAtOnce() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            #expect(try await client.get(child, token: fixtures.planner.token).status == .ok)
            let removed = try await client.send(
                .DELETE,
                "\(child)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(removed.status == .noContent)
            #expect(try await client.get(child, token: fixtures.planner.token).status == .notFound)
            #expect(try await client.get("\(child)/planners", token: fixtures.planner.token).status == .notFound)
        }
    }

    @Test func aChildAlwaysKeepsAGuardian() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            #expect(
                try await client.send(
                    .DELETE,
                    "\(child)/planners/\(fixtures.guardian.id)",
                    token: fixtures.guardian.token
                ).status == .conflict
            )
            let promoted = try await client.send(
                .PATCH,
                "\(child)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token,
                json: ["role": "guardian"]
            )
            #expect(promoted["role"] == "guardian")
            #expect(
                try await client.send(
                    .DELETE,
                    "\(child)/planners/\(fixtures.guardian.id)",
                    token: fixtures.guardian.token
                ).status == .noContent
            )
        }
    }

    @Test func aTeenagerWithTheirOwnLoginSeesAndRemovesTheirPlanners() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let teen = "/api/v1/users/\(fixtures.teen.id)"
            let planners = try await client.get("\(teen)/planners", token: fixtures.teen.token)
            #expect(Set(planners.items.compactMap { $0["name"] as? String }) == ["Gina", "Paul"])
            #expect(
                try await client.send(.DELETE, "\(teen)/planners/\(fixtures.guardian.id)", token: fixtures.teen.token)
                    .status == .noContent
            )
            #expect(try await client.get(teen, token: fixtures.guardian.token).status == .notFound)
            #expect(
                try await client.get("/api/v1/users/\(fixtures.child.id)/planners", token: fixtures.child.token).status
                    == .forbidden
            )
        }
    }

    @Test func aPlannerCanLeave() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let left = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.viewer.id)",
                token: fixtures.viewer.token
            )
            #expect(left.status == .noContent)
            #expect(try await context.client.get("/api/v1/users", token: fixtures.viewer.token).items.isEmpty)
        }
    }
}
