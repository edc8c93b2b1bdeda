import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// Rewards over HTTP: off until a planner switches them on; a star for each done occurrence and
/// for each goal's progress on a day, once however often it is marked; a wish puts its stars aside
/// at once and a declined one gives them back; bad input changes nothing; and thirty wishes at
/// once never spend more stars than are held.
@Suite struct RewardsTests {
    typealias JSON = [String: any Sendable]

    static func rewards(_ context: TestContext, _ user: UUID, token: String) async throws -> Reply {
        try await context.client.get("/api/v1/users/\(user)/rewards", token: token)
    }

    static func switchOn(_ context: TestContext, _ user: UUID, token: String, _ on: Bool = true) async throws -> Reply {
        try await context.client.send(.PUT, "/api/v1/users/\(user)/rewards/settings", token: token, json: ["enabled": on])
    }

    static func stars(_ context: TestContext, _ user: UUID, token: String) async throws -> Int {
        try await rewards(context, user, token: token).json["stars"] as? Int ?? -1
    }

    /// Gives the user stars the way they are earned: a daily activity's occurrences marked done.
    static func earn(_ context: TestContext, _ user: UUID, stars: Int, planner: String, device: String) async throws {
        let activity = try await context.client.post(
            "/api/v1/users/\(user)/activities", token: planner,
            json: ["title": "Brush teeth", "start": "2026-11-01T07:30", "recurrence": "FREQ=DAILY"]
        )
        let id = try #require(activity["id"])
        for day in 1...stars {
            let start = String(format: "2026-11-%02dT07:30", day)
            let done = try await context.client.send(
                .PUT, "/api/v1/users/\(user)/activities/\(id)/occurrences/\(start)/state", token: device, json: ["state": "done"]
            )
            #expect(done.status == .ok)
        }
    }

    @Test func starsComeOnceForWhatIsDoneOnlyWhenRewardsAreOnAndNeverGoAway() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            let off = try await Self.rewards(context, child, token: f.child.token)
            #expect(off.status == .ok && off.json["enabled"] as? Bool == false && off.json["stars"] as? Int == 0)
            #expect(off.json["mayRedeem"] as? Bool == true && off.json["mayManage"] as? Bool == false)
            // Off: a done activity earns nothing.
            try await Self.earn(context, child, stars: 1, planner: f.guardian.token, device: f.child.token)
            #expect(try await Self.stars(context, child, token: f.guardian.token) == 0)

            #expect(try await Self.switchOn(context, child, token: f.child.token).status == .forbidden)
            #expect(try await Self.switchOn(context, child, token: f.viewer.token).status == .forbidden)
            let on = try await Self.switchOn(context, child, token: f.guardian.token)
            #expect(on.status == .ok && on.json["enabled"] as? Bool == true && on.json["mayManage"] as? Bool == true)

            // On: each occurrence done earns one star, once, however often it is marked.
            let activity = try await context.client.post(
                "/api/v1/users/\(child)/activities", token: f.guardian.token,
                json: ["title": "Shoes on", "start": "2026-11-20T08:00", "recurrence": "FREQ=DAILY"]
            )
            let id = try #require(activity["id"])
            let state = { (day: String) in "/api/v1/users/\(child)/activities/\(id)/occurrences/2026-11-\(day)T08:00/state" }
            for body in [["state": "done"], ["state": "pending"], ["state": "done"]] {
                #expect(try await context.client.send(.PUT, state("20"), token: f.child.token, json: body).status == .ok)
            }
            #expect(try await context.client.send(.PUT, state("21"), token: f.guardian.token, json: ["state": "skipped"]).status == .ok)
            #expect(try await Self.stars(context, child, token: f.child.token) == 1, "undone and done again: still one; skipped: none")

            // A goal's progress earns one a day, however many entries; a kind word earns none.
            let goal = try #require(
                try await GoalsTests.goal(context, for: child, token: f.guardian.token, ["title": "Dress", "measure": "count", "target": 3])["id"]
            )
            for _ in 0..<3 {
                #expect(try await GoalsTests.progress(context, child, goal, token: f.child.token, ["kind": "tick"]).status == .created)
            }
            #expect(
                try await GoalsTests.progress(context, child, goal, token: f.guardian.token, ["kind": "comment", "note": "Well done"])
                    .status == .created
            )
            #expect(
                try await GoalsTests.progress(context, child, goal, token: f.child.token, ["kind": "tick", "date": "2026-11-16"])
                    .status == .created
            )
            let now = try await Self.rewards(context, child, token: f.viewer.token)
            #expect(now.json["stars"] as? Int == 3 && now.json["earned"] as? Int == 3)

            // Switched off: the stars stay, and nothing more is earned until it is on again.
            #expect(try await Self.switchOn(context, child, token: f.planner.token, false).status == .ok)
            #expect(try await context.client.send(.PUT, state("22"), token: f.child.token, json: ["state": "done"]).status == .ok)
            let kept = try await Self.rewards(context, child, token: f.guardian.token)
            #expect(kept.json["enabled"] as? Bool == false && kept.json["stars"] as? Int == 3)

            // Strangers find nothing; a young person's planner sees only that person's.
            #expect(try await Self.rewards(context, child, token: f.stranger.token).status == .notFound)
        }
    }

    @Test func aWishPutsItsStarsAsideAPlannerConfirmsOrDeclinesAndDeclinedStarsComeBack() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            #expect(try await Self.switchOn(context, child, token: f.guardian.token).status == .ok)
            try await Self.earn(context, child, stars: 5, planner: f.guardian.token, device: f.child.token)
            let cinema = try await context.client.post(
                "/api/v1/users/\(child)/rewards", token: f.guardian.token, json: ["title": "Cinema on Saturday", "cost": 3]
            )
            #expect(cinema.status == .created && cinema.json["cost"] as? Int == 3)
            let cinemaID = try #require(cinema["id"])
            let ice = try #require(
                try await context.client.post("/api/v1/users/\(child)/rewards", token: f.planner.token, json: ["title": "Ice cream", "cost": 2])[
                    "id"]
            )
            #expect(
                try await context.client.post("/api/v1/users/\(child)/rewards", token: f.child.token, json: ["title": "Mine", "cost": 1])
                    .status == .forbidden
            )

            // The child wishes: the stars are put aside at once; a retry with the same key is the same wish.
            let wish = try await context.client.post(
                "/api/v1/users/\(child)/rewards/\(cinemaID)/redemptions", token: f.child.token, json: ["clientKey": "wish-1"]
            )
            #expect(wish.status == .created && wish["status"] == "pending")
            let again = try await context.client.post(
                "/api/v1/users/\(child)/rewards/\(cinemaID)/redemptions", token: f.child.token, json: ["clientKey": "wish-1"]
            )
            #expect(again.status == .ok && again["id"] == wish["id"])
            #expect(try await Self.stars(context, child, token: f.child.token) == 2)
            // A planner does not wish for the child.
            #expect(
                try await context.client.post(
                    "/api/v1/users/\(child)/rewards/\(ice)/redemptions", token: f.guardian.token, json: ["clientKey": "g-1"]
                ).status == .forbidden
            )

            // Declined: the stars come back. Answered twice: 409, nothing changes.
            let wishID = try #require(wish["id"])
            let declined = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/redemptions/\(wishID)", token: f.planner.token, json: ["decision": "declined"]
            )
            #expect(declined.status == .ok && declined["status"] == "declined")
            let twice = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/redemptions/\(wishID)", token: f.guardian.token, json: ["decision": "confirmed"]
            )
            #expect(twice.status == .conflict && twice.isProblem)
            #expect(try await Self.stars(context, child, token: f.child.token) == 5)

            context.clock.advance(by: 60)
            // Confirmed: the stars are spent. The viewer and the child may not answer.
            let second = try #require(
                try await context.client.post(
                    "/api/v1/users/\(child)/rewards/\(ice)/redemptions", token: f.child.token, json: ["clientKey": "wish-2"]
                )["id"]
            )
            for token in [f.child.token, f.viewer.token] {
                #expect(
                    try await context.client.send(
                        .PUT, "/api/v1/users/\(child)/redemptions/\(second)", token: token, json: ["decision": "confirmed"]
                    ).status == .forbidden
                )
            }
            #expect(
                try await context.client.send(
                    .PUT, "/api/v1/users/\(child)/redemptions/\(second)", token: f.guardian.token, json: ["decision": "confirmed"]
                ).status == .ok
            )
            let after = try await Self.rewards(context, child, token: f.guardian.token)
            #expect(after.json["stars"] as? Int == 3 && after.json["earned"] as? Int == 5)
            #expect((after.json["redemptions"] as? [JSON])?.map { $0["status"] as? String } == ["confirmed", "declined"])

            context.clock.advance(by: 60)
            // A reward removed while wished for: the wish is declined and its stars come back.
            let third = try await context.client.post(
                "/api/v1/users/\(child)/rewards/\(cinemaID)/redemptions", token: f.child.token, json: ["clientKey": "wish-3"]
            )
            let none = try await Self.stars(context, child, token: f.child.token)
            #expect(third.status == .created && none == 0)
            #expect(try await context.client.send(.DELETE, "/api/v1/users/\(child)/rewards/\(cinemaID)", token: f.guardian.token).status == .noContent)
            let left = try await Self.rewards(context, child, token: f.child.token)
            #expect(left.json["stars"] as? Int == 3 && (left.json["rewards"] as? [JSON])?.count == 1)
            #expect((left.json["redemptions"] as? [JSON])?.first?["status"] as? String == "declined")

            // The planners' reading and answering are in the child's access log.
            let logged = try await AccessLogEntry.query(on: context.app.db).filter(\.$subject.$id == child)
                .filter(\.$actor.$id == f.guardian.id).all(\.$action)
            #expect(Set(logged).isSuperset(of: ["manage rewards", "decide redemption", "read"]))
            let planner = try await AccessLogEntry.query(on: context.app.db).filter(\.$subject.$id == child)
                .filter(\.$actor.$id == f.planner.id).all(\.$action)
            #expect(Set(planner).isSuperset(of: ["manage rewards", "decide redemption"]))
        }
    }

    @Test func badInputIsAClearProblemAndChangesNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            let path = "/api/v1/users/\(child)/rewards"
            #expect(try await Self.switchOn(context, child, token: f.guardian.token).status == .ok)
            try await Self.earn(context, child, stars: 2, planner: f.guardian.token, device: f.child.token)
            for body: JSON in [
                ["title": "Cinema", "cost": 0], ["title": "Cinema", "cost": 1001], ["title": "", "cost": 3],
                ["title": String(repeating: "x", count: 101), "cost": 3], ["title": "Cinema"], ["cost": 3],
                ["title": "Cinema", "cost": 3, "owner": "me"], ["title": "Cinema", "cost": "three"],
                ["title": "Cinema", "cost": 3, "pictogramId": UUID().uuidString],
            ] {
                let reply = try await context.client.post(path, token: f.guardian.token, json: body)
                #expect(reply.status.code == 422 || reply.status.code == 400, "\(body)")
                #expect(reply.isProblem)
            }
            #expect((try await Self.rewards(context, child, token: f.guardian.token).json["rewards"] as? [JSON])?.isEmpty == true)
            let bike = try #require(try await context.client.post(path, token: f.guardian.token, json: ["title": "Bike ride", "cost": 5])["id"])
            // More stars than held: 409, no stars move, no wish is kept.
            let tooMany = try await context.client.post("\(path)/\(bike)/redemptions", token: f.child.token, json: ["clientKey": "k-1"])
            #expect(tooMany.status == .conflict && tooMany.isProblem)
            for body: JSON in [["clientKey": ""], ["clientKey": "has spaces"], [:], ["clientKey": "k", "extra": 1]] {
                let reply = try await context.client.post("\(path)/\(bike)/redemptions", token: f.child.token, json: body)
                #expect(reply.status.code == 422 || reply.status.code == 400, "\(body)")
            }
            let still = try await Self.rewards(context, child, token: f.child.token)
            #expect(still.json["stars"] as? Int == 2 && (still.json["redemptions"] as? [JSON])?.isEmpty == true)
            // A reward of another user, a wish that does not exist, a decision that is not one.
            let teenReward = try await context.client.post(
                "/api/v1/users/\(f.teen.id)/rewards/\(bike)/redemptions", token: f.teen.token, json: ["clientKey": "t-1"]
            )
            #expect(teenReward.status == .notFound)
            let nothing = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/redemptions/\(UUID())", token: f.guardian.token, json: ["decision": "confirmed"]
            )
            #expect(nothing.status == .notFound)
            let cheap = try #require(try await context.client.post(path, token: f.guardian.token, json: ["title": "Sticker", "cost": 1])["id"])
            let wish = try #require(
                try await context.client.post("\(path)/\(cheap)/redemptions", token: f.child.token, json: ["clientKey": "k-2"])["id"]
            )
            let unknown = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/redemptions/\(wish)", token: f.guardian.token, json: ["decision": "maybe"]
            )
            #expect(unknown.status.code == 422 && unknown.isProblem)
            #expect(try await Self.stars(context, child, token: f.child.token) == 1)
        }
    }

    @Test func thirtyWishesAtOnceNeverSpendMoreStarsThanAreHeld() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            #expect(try await Self.switchOn(context, child, token: f.guardian.token).status == .ok)
            try await Self.earn(context, child, stars: 7, planner: f.guardian.token, device: f.child.token)
            let path = "/api/v1/users/\(child)/rewards"
            let sticker = try #require(try await context.client.post(path, token: f.guardian.token, json: ["title": "Sticker", "cost": 3])["id"])
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await context.client.post("\(path)/\(sticker)/redemptions", token: f.child.token, json: ["clientKey": "at-once-\(index)"])
                            .status.code
                    }
                }
                var all: [UInt] = []
                for try await one in group { all.append(one) }
                return all
            }
            // Seven stars buy two stickers of three: the other 28 are told there are not enough.
            #expect(statuses.filter { $0 == 201 }.count == 2 && statuses.filter { $0 == 409 }.count == 28, "\(statuses.sorted())")
            let after = try await Self.rewards(context, child, token: f.guardian.token)
            #expect(after.json["stars"] as? Int == 1)
            #expect((after.json["redemptions"] as? [JSON])?.count == 2)
            let account = try #require(try await StarAccount.query(on: context.app.db).filter(\.$user.$id == child).first())
            #expect(account.balance == 1 && account.pending == 2)
        }
    }
}
