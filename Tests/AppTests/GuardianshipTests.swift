import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A child keeps a guardian: the last one cannot be removed, made a planner or viewer, or erased,
/// and is told what to do instead; two guardians removing each other at once leave one.
@Suite struct GuardianshipTests {
    @Test func theOnlyGuardianCannotBeRemovedOrDemotedAndIsToldWhatToDo() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let gina = "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.guardian.id)"
            let leave = try await context.client.send(.DELETE, gina, token: fixtures.guardian.token)
            #expect(leave.status == .conflict && leave["type"] == "/problems/guardian-needed")
            #expect(leave["detail"]?.contains("Ida") == true && leave["detail"]?.contains("guardian first") == true)
            for role in ["planner", "viewer"] {
                let demoted = try await context.client.send(.PATCH, gina, token: fixtures.guardian.token, json: ["role": role])
                #expect(demoted.status == .conflict && demoted["type"] == "/problems/guardian-needed", "\(role)")
            }
            // A young person of 15 with their own login exercises their own rights: no guardian needed.
            let teen = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.teen.id)/planners/\(fixtures.guardian.id)",
                token: fixtures.guardian.token
            )
            #expect(teen.status == .noContent)
        }
    }

    @Test func twoGuardiansRemovingEachOtherAtOnceLeaveOne() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)/planners"
            let promoted = try await context.client.send(
                .PATCH,
                "\(base)/\(fixtures.planner.id)",
                token: fixtures.guardian.token,
                json: ["role": "guardian"]
            )
            #expect(promoted.status == .ok)
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                group.addTask {
                    try await context.client.send(.DELETE, "\(base)/\(fixtures.planner.id)", token: fixtures.guardian.token)
                        .status.code
                }
                group.addTask {
                    try await context.client.send(.DELETE, "\(base)/\(fixtures.guardian.id)", token: fixtures.planner.token)
                        .status.code
                }
                var codes: [UInt] = []
                for try await code in group { codes.append(code) }
                return codes.sorted()
            }
            #expect(codes == [204, 409])
            let guardians = try await PlannerLink.query(on: context.app.db).filter(\.$user.$id == fixtures.child.id)
                .filter(\.$role == .guardian).count()
            #expect(guardians == 1)
        }
    }

    @Test func theOnlyGuardianAsksForErasureOnlyOnceTheChildHasAnotherOrGoesToo() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let refused = try await context.client.post("/api/v1/me/deletion", token: fixtures.guardian.token)
            #expect(refused.status == .conflict && refused["type"] == "/problems/guardian-needed")
            #expect(refused["detail"]?.contains("erasure of Ida") == true)
            let gina = try #require(try await User.find(fixtures.guardian.id, on: context.app.db))
            #expect(gina.erasureDueAt == nil && !gina.isRestricted, "nothing changed")
            #expect(
                try await context.client.post("/api/v1/users/\(fixtures.child.id)/deletion", token: fixtures.guardian.token)
                    .status == .ok
            )
            #expect(try await context.client.post("/api/v1/me/deletion", token: fixtures.guardian.token).status == .ok)
        }
    }

    @Test func aGuardianLeftAloneAfterAskingForErasureWaitsForTheChild() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)/planners"
            _ = try await context.client.send(
                .PATCH,
                "\(base)/\(fixtures.planner.id)",
                token: fixtures.guardian.token,
                json: ["role": "guardian"]
            )
            #expect(try await context.client.post("/api/v1/me/deletion", token: fixtures.guardian.token).status == .ok)
            // Paul leaves while Gina is still (restricted) a guardian; now she is Ida's only one.
            let left = try await context.client.send(.DELETE, "\(base)/\(fixtures.planner.id)", token: fixtures.planner.token)
            #expect(left.status == .noContent)
            context.clock.advance(by: 31 * 86_400)
            _ = try await PrivacyJobs(app: context.app).run()
            #expect(try await User.find(fixtures.guardian.id, on: context.app.db) != nil, "Ida still needs her")
            #expect(try await User.find(fixtures.child.id, on: context.app.db) != nil)
        }
    }
}
