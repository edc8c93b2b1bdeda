import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 9.4 (and 2.4): insight, correction, restriction, objection, withdrawal of consent, erasure.
@Suite struct PolicySection9_4RightsTests {
    @Test func thePersonSeesWhatIsHeldAboutThemByCategory() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let overview = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)/privacy",
                token: fixtures.guardian.token
            )
            let counts = Dictionary(
                uniqueKeysWithValues: ((overview.json["categories"] as? [[String: any Sendable]]) ?? []).map {
                    ($0["category"] as? String ?? "", $0["count"] as? Int ?? -1)
                }
            )
            #expect(counts["profile"] == 1)
            #expect(counts["relationships"] == 3)
            #expect(counts["sessions"] ?? 0 >= 1, "the paired device")
            #expect(Set(counts.keys) == Set(DataCategory.allCases.map(\.rawValue)))
        }
    }

    @Test func aRestrictedAccountIsKeptButNotUsed() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            let restricted = try await client.post("\(child)/restriction", token: fixtures.guardian.token)
            #expect(restricted.json["restricted"] as? Bool == true)
            for token in [fixtures.planner.token, fixtures.viewer.token, fixtures.guardian.token, fixtures.child.token]
            {
                let reply = try await client.get(child, token: token)
                #expect(reply.status == .forbidden)
                #expect(reply["type"] == "/problems/restricted")
            }
            #expect(try await client.get("\(child)/privacy", token: fixtures.guardian.token).status == .ok)
            #expect(try await User.find(fixtures.child.id, on: context.app.db)?.name == "Ida", "the data is kept")
            let lifted = try await client.send(.DELETE, "\(child)/restriction", token: fixtures.guardian.token)
            #expect(lifted.json["restricted"] as? Bool == false)
            #expect(try await client.get(child, token: fixtures.planner.token).status == .ok)
        }
    }

    @Test func aRestrictedPersonCanOnlyReachTheirPrivacySettings() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let teen = "/api/v1/users/\(fixtures.teen.id)"
            _ = try await client.post("\(teen)/restriction", token: fixtures.teen.token)
            #expect(try await client.get("/api/v1/institutions", token: fixtures.teen.token).status == .forbidden)
            #expect(try await client.get("\(teen)/planners", token: fixtures.teen.token).status == .forbidden)
            #expect(try await client.get("/api/v1/me", token: fixtures.teen.token).status == .ok)
            #expect(try await client.get("\(teen)/access-log", token: fixtures.teen.token).status == .ok)
            #expect(try await client.send(.DELETE, "\(teen)/restriction", token: fixtures.teen.token).status == .ok)
            #expect(try await client.get("/api/v1/institutions", token: fixtures.teen.token).status == .ok)
        }
    }

    @Test func thePersonObjectsToOptionalProcessing() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let path = "/api/v1/users/\(fixtures.teen.id)/processing"
            let on = try await context.client.send(
                .PATCH,
                path,
                token: fixtures.teen.token,
                json: ["productNews": true]
            )
            #expect(on.json["productNews"] as? Bool == true)
            #expect(on.json["usageStatistics"] as? Bool == false, "off until switched on")
            #expect(on.json["pictureSearch"] as? Bool == false, "off until switched on")
            let off = try await context.client.send(
                .PATCH,
                path,
                token: fixtures.teen.token,
                json: ["productNews": false]
            )
            #expect(off.json["productNews"] as? Bool == false)
            let bad = try await context.client.send(.PATCH, path, token: fixtures.teen.token, json: ["tracking": true])
            #expect(bad.fieldErrors == ["tracking"])
        }
    }

    @Test func askingForErasureSignsOutEverywhereAndCanBeCancelledWithin30Days() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let other = try await client.login("tove@example.org")
            let asked = try await client.post("/api/v1/me/deletion", token: fixtures.teen.token)
            #expect(asked.json["restricted"] as? Bool == true)
            let due = try #require(asked["erasureDueAt"])
            #expect(due == ISO8601DateFormatter().string(from: context.clock.now + PrivacyController.gracePeriod))
            #expect(try await client.get("/api/v1/me", token: other).status == .unauthorized)
            #expect(try await client.get("/api/v1/me", token: fixtures.teen.token).status == .unauthorized)
            let back = try await client.login("tove@example.org")
            let cancelled = try await client.send(.DELETE, "/api/v1/me/deletion", token: back)
            #expect(cancelled.json["restricted"] as? Bool == false)
            #expect(cancelled.json["erasureDueAt"] is NSNull)
        }
    }

    @Test func withdrawingConsentRestrictsAndSchedulesErasure() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(child)/consents",
                token: fixtures.guardian.token,
                json: ["policyVersion": PrivacyPolicy.current.version]
            )
            context.clock.advance(by: 60)
            let withdrawn = try await context.client.send(.DELETE, "\(child)/consents", token: fixtures.guardian.token)
            #expect(withdrawn.json["required"] as? Bool == true)
            let user = try #require(try await User.find(fixtures.child.id, on: context.app.db))
            #expect(user.isRestricted)
            #expect(user.erasureDueAt == context.clock.now + PrivacyController.gracePeriod)
            #expect(try await context.client.get("/api/v1/me", token: fixtures.child.token).status == .unauthorized)
        }
    }

    @Test func aGuardianActsForAChildButNotForATeenagerWithTheirOwnLogin() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            #expect(
                try await context.client.post(
                    "/api/v1/users/\(fixtures.teen.id)/deletion",
                    token: fixtures.guardian.token
                ).status == .forbidden
            )
            #expect(
                try await context.client.post(
                    "/api/v1/users/\(fixtures.child.id)/deletion",
                    token: fixtures.planner.token
                ).status == .forbidden
            )
            #expect(
                try await context.client.post(
                    "/api/v1/users/\(fixtures.child.id)/deletion",
                    token: fixtures.guardian.token
                ).status == .ok
            )
        }
    }
}
