import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A device paired for a child, and a planner's own session handed to a child in child mode, end
/// with the right that opened them; the guardian sees each of them, who opened it, when and its
/// last use, and can end any.
@Suite struct RightsEndTests {
    struct Opened {
        let childMode: String
        let tablet: String
    }

    /// Paul (a planner of Ida) hands a new session of his to Ida and pairs a tablet for her.
    static func openedByPaul(_ context: TestContext, _ fixtures: Fixtures) async throws -> Opened {
        let client = context.client
        let phone = try await client.login("paul@example.org")
        let pin = try await client.send(
            .PUT,
            "/api/v1/me/child-mode-pin",
            token: phone,
            json: ["pin": "1357", "password": Fixtures.password]
        )
        #expect(pin.status == .noContent)
        #expect(try await client.post("/api/v1/me/child-mode", token: phone, json: ["userId": "\(fixtures.child.id)"]).status == .ok)
        let code = try await client.post("/api/v1/users/\(fixtures.child.id)/pairing-codes", token: fixtures.planner.token)
        let tablet = try await client.post("/api/v1/auth/pair", json: ["code": code["code"] ?? "", "deviceName": "Tablet"])
        return Opened(childMode: phone, tablet: try #require(tablet["token"]))
    }

    static func expectEnded(_ context: TestContext, _ opened: Opened, _ comment: Comment) async throws {
        for token in [opened.childMode, opened.tablet] {
            #expect(try await context.client.get("/api/v1/me", token: token).status == .unauthorized, comment)
        }
    }

    @Test func childModeEndsWhenThePlannerIsRemoved() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let opened = try await Self.openedByPaul(context, fixtures)
            #expect(try await context.client.get("/api/v1/me", token: opened.childMode)["id"] == fixtures.child.id.uuidString)
            let removed = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(removed.status == .noContent)
            try await Self.expectEnded(context, opened, "removed")
            #expect(try await context.client.get("/api/v1/me", token: fixtures.child.token).status == .ok, "the guardian's pairing stays")
        }
    }

    @Test func childModeAndDevicesEndWhenThePlannerBecomesAViewer() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let opened = try await Self.openedByPaul(context, fixtures)
            let downgraded = try await context.client.send(
                .PATCH,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token,
                json: ["role": "viewer"]
            )
            #expect(downgraded.status == .ok)
            try await Self.expectEnded(context, opened, "made a viewer")
        }
    }

    @Test func whatABlockedPlannerOpenedEnds() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let opened = try await Self.openedByPaul(context, fixtures)
            let restricted = try await context.client.post(
                "/api/v1/users/\(fixtures.planner.id)/restriction",
                token: fixtures.planner.token
            )
            #expect(restricted.status == .ok)
            try await Self.expectEnded(context, opened, "blocked")
        }
    }

    @Test func whatAPlannerWhoAsksForErasureOpenedEndsAndErasureLeavesNoneBehind() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let opened = try await Self.openedByPaul(context, fixtures)
            #expect(try await context.client.post("/api/v1/me/deletion", token: fixtures.planner.token).status == .ok)
            try await Self.expectEnded(context, opened, "erasure asked for")
            // A device paired before the request, kept only in the database, goes with the account.
            let session = AuthSession(
                userID: fixtures.child.id,
                tokenHash: Secret.hash("left behind"),
                kind: .device,
                createdAt: context.clock.now,
                expiresAt: context.clock.now + 86_400
            )
            session.$openedBy.id = fixtures.planner.id
            try await session.create(on: context.app.db)
            try await Eraser(app: context.app)
                .erase(fixtures.planner.id)
            #expect(try await AuthSession.find(session.requireID(), on: context.app.db) == nil)
        }
    }

    @Test func theGuardianSeesEveryDeviceWithWhoOpenedItAndEndsAny() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let opened = try await Self.openedByPaul(context, fixtures)
            let path = "/api/v1/users/\(fixtures.child.id)/devices"
            let list = try await context.client.get(path, token: fixtures.guardian.token)
            #expect(list.status == .ok)
            let rows = list.items.map { item in
                "\(item["kind"] as? String ?? "") \((item["openedBy"] as? [String: any Sendable])?["name"] as? String ?? "-")"
            }
            #expect(rows.sorted() == ["childMode Paul", "paired Gina", "paired Paul"])
            #expect(list.items.allSatisfy { $0["openedAt"] is String && $0["lastSeenAt"] is String })
            let childMode = try #require(list.items.first { $0["kind"] as? String == "childMode" }?["id"] as? String)
            let ended = try await context.client.send(.DELETE, "\(path)/\(childMode)", token: fixtures.guardian.token)
            #expect(ended.status == .noContent)
            #expect(try await context.client.get("/api/v1/me", token: opened.childMode).status == .unauthorized)
            #expect(try await context.client.get(path, token: fixtures.guardian.token).items.count == 2)
            // Another person's session is not a device of Ida's.
            let own = try #require(try await AuthSession.query(on: context.app.db).filter(\.$user.$id == fixtures.teen.id).first())
            let other = try await context.client.send(.DELETE, "\(path)/\(try own.requireID())", token: fixtures.guardian.token)
            #expect(other.status == .notFound)
        }
    }
}
