import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Child mode: a planner's own session handed to a child acts as the child's device, enforced by
/// the server, until the planner's PIN takes it back.
@Suite struct ChildModeTests {
    /// A new session of the guardian, with the PIN 2468, handed to the child.
    static func lockedSession(_ context: TestContext, _ fixtures: Fixtures) async throws -> String {
        let token = try await context.client.login("gina@example.org")
        let pin = try await context.client.send(
            .PUT,
            "/api/v1/me/child-mode-pin",
            token: token,
            json: ["pin": "2468", "password": Fixtures.password]
        )
        #expect(pin.status == .noContent)
        let locked = try await context.client.post(
            "/api/v1/me/child-mode",
            token: token,
            json: ["userId": "\(fixtures.child.id)"]
        )
        #expect(locked.status == .ok)
        return token
    }

    @Test func aHandedOverSessionIsTheChildsDeviceUntilThePinTakesItBack() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = try await context.client.login("gina@example.org")
            let child = fixtures.child.id
            // No PIN yet: nothing to take it back with.
            let early = try await context.client.post(
                "/api/v1/me/child-mode",
                token: token,
                json: ["userId": "\(child)"]
            )
            #expect(early.status == .conflict && early.isProblem)
            let wrongPassword = try await context.client.send(
                .PUT,
                "/api/v1/me/child-mode-pin",
                token: token,
                json: ["pin": "2468", "password": "not the password"]
            )
            #expect(wrongPassword.status == .unprocessableEntity && wrongPassword.fieldErrors == ["password"])
            for pin in ["12", "123456789", "12a4", "١٢٣٤"] {
                let bad = try await context.client.send(
                    .PUT,
                    "/api/v1/me/child-mode-pin",
                    token: token,
                    json: ["pin": pin, "password": Fixtures.password]
                )
                #expect(bad.status == .unprocessableEntity && bad.fieldErrors == ["pin"], "\(pin)")
            }
            let pin = try await context.client.send(
                .PUT,
                "/api/v1/me/child-mode-pin",
                token: token,
                json: ["pin": "2468", "password": Fixtures.password]
            )
            #expect(pin.status == .noContent)
            let stored = try #require(try await User.find(fixtures.guardian.id, on: context.app.db))
            #expect(stored.childModePinHash?.hasPrefix("$2") == true)

            let locked = try await context.client.post(
                "/api/v1/me/child-mode",
                token: token,
                json: ["userId": "\(child)"]
            )
            #expect(locked.status == .ok && locked.json["locked"] as? Bool == true)
            // Now the session is the child's device: the child, the child's plan, ticking off.
            #expect(try await context.client.get("/api/v1/me", token: token)["id"] == child.uuidString)
            let plan = try await context.client.get(
                "/api/v1/users/\(child)/plan?from=2026-12-01&to=2026-12-01",
                token: token
            )
            #expect(plan.status == .ok)
            // And nothing else: not the guardian's other people, their account, or changing the plan.
            #expect(try await context.client.get("/api/v1/users/\(fixtures.teen.id)", token: token).status == .notFound)
            #expect(try await context.client.get("/api/v1/users", token: token).status == .forbidden)
            #expect(try await context.client.get("/api/v1/me/sessions", token: token).status == .forbidden)
            let create = try await context.client.post(
                "/api/v1/users/\(child)/activities",
                token: token,
                json: ["title": "Sweets", "start": "2026-12-01T16:00"]
            )
            #expect(create.status == .forbidden)
            let setPin = try await context.client.send(
                .PUT,
                "/api/v1/me/child-mode-pin",
                token: token,
                json: ["pin": "1111", "password": Fixtures.password]
            )
            #expect(setPin.status == .forbidden)

            // A wrong PIN is refused, five in a row wait; the right one takes it back.
            for _ in 0..<ChildModeController.wrongPins.free {
                let wrong = try await context.client.post(
                    "/api/v1/me/child-mode/unlock",
                    token: token,
                    json: ["pin": "0000"]
                )
                #expect(wrong.status == .unprocessableEntity && wrong.fieldErrors == ["pin"])
            }
            let waiting = try await context.client.post(
                "/api/v1/me/child-mode/unlock",
                token: token,
                json: ["pin": "2468"]
            )
            #expect(waiting.status == .tooManyRequests)
            #expect(try await context.client.get("/api/v1/me", token: token)["id"] == child.uuidString)
            #expect(waiting.headers.first(name: .retryAfter) == "\(ChildModeController.wrongPins.base)")
            context.clock.advance(by: TimeInterval(ChildModeController.wrongPins.base))
            let unlocked = try await context.client.post(
                "/api/v1/me/child-mode/unlock",
                token: token,
                json: ["pin": "2468"]
            )
            #expect(unlocked.status == .ok && unlocked.json["locked"] as? Bool == false)
            #expect(try await context.client.get("/api/v1/me", token: token)["id"] == fixtures.guardian.id.uuidString)
            #expect(try await context.client.get("/api/v1/users", token: token).status == .ok)
        }
    }

    @Test func onlyThoseWhoMayPairMayHandOverAndAViewerMayNot() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for person in [fixtures.viewer, fixtures.stranger] {
                let viewer = try #require(try await User.find(person.id, on: context.app.db))
                viewer.childModePinHash = try await context.app.passwordHashing.hash("2468")
                try await viewer.update(on: context.app.db)
            }
            let viewer = try await context.client.post(
                "/api/v1/me/child-mode",
                token: fixtures.viewer.token,
                json: ["userId": "\(fixtures.child.id)"]
            )
            #expect(viewer.status == .forbidden)
            let stranger = try await context.client.post(
                "/api/v1/me/child-mode",
                token: fixtures.stranger.token,
                json: ["userId": "\(fixtures.child.id)"]
            )
            #expect(stranger.status == .notFound)
            #expect(try await AuthSession.query(on: context.app.db).filter(\.$lockedTo.$id != nil).count() == 0)
        }
    }
}
