import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// Goals over HTTP: who sets up, changes and supports which goal (PlaNet and Me), bad input
/// that changes nothing, a linked activity marked done counting once, and the overview's weeks
/// across a daylight-saving change and a new year.
@Suite struct GoalsTests {
    typealias JSON = [String: any Sendable]

    static func goal(_ context: TestContext, for user: UUID, token: String, _ body: JSON) async throws -> Reply {
        try await context.client.post("/api/v1/users/\(user)/goals", token: token, json: body)
    }

    static func progress(_ context: TestContext, _ user: UUID, _ goal: String, token: String, _ body: JSON) async throws -> Reply {
        try await context.client.post("/api/v1/users/\(user)/goals/\(goal)/progress", token: token, json: body)
    }

    @Test func aYoungPersonOwnsTheirGoalsAndPlannersSupportFromTheSideline() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let teen = f.teen.id
            let made = try await Self.goal(context, for: teen, token: f.teen.token, [
                "title": "Pack my bag myself", "why": "So mornings are calm", "measure": "count", "target": 4, "period": "week",
                "steps": [["text": "Make a list"], ["text": "Pack without help"]], "reward": "Cinema on Saturday",
            ])
            #expect(made.status == .created)
            let id = try #require(made["id"])
            #expect((made.json["steps"] as? [JSON])?.count == 2 && made.json["mayChange"] as? Bool == true)

            // A planner supports: progress and a comment, never a change to the young person's goal.
            let change = try await context.client.send(
                .PATCH, "/api/v1/users/\(teen)/goals/\(id)", token: f.planner.token, json: ["title": "Mine now"]
            )
            #expect(change.status == .forbidden && change.isProblem)
            #expect(try await context.client.send(.DELETE, "/api/v1/users/\(teen)/goals/\(id)", token: f.guardian.token).status == .forbidden)
            #expect(try await Self.progress(context, teen, id, token: f.planner.token, ["kind": "tick"]).status == .created)
            context.clock.advance(by: 1)
            #expect(
                try await Self.progress(context, teen, id, token: f.guardian.token, ["kind": "comment", "note": "Well done!"]).status
                    == .created
            )
            let listed = try await context.client.get("/api/v1/users/\(teen)/goals", token: f.planner.token)
            #expect(listed.items.first?["mayChange"] as? Bool == false)

            // A goal a planner set up for them: the planner changes it, and so does the young person.
            let theirs = try await Self.goal(context, for: teen, token: f.planner.token, ["title": "Sleep by 22", "measure": "scale"])
            let theirsID = try #require(theirs["id"])
            #expect(
                try await context.client.send(
                    .PATCH, "/api/v1/users/\(teen)/goals/\(theirsID)", token: f.planner.token, json: ["status": "paused"]
                ).status == .ok
            )
            #expect(
                try await context.client.send(
                    .PATCH, "/api/v1/users/\(teen)/goals/\(theirsID)", token: f.teen.token, json: ["status": "active"]
                ).status == .ok
            )
            // Strangers find nothing.
            #expect(try await context.client.get("/api/v1/users/\(teen)/goals/\(id)", token: f.stranger.token).status == .notFound)
            let entries = try await context.client.get("/api/v1/users/\(teen)/goals/\(id)/progress", token: f.teen.token)
            #expect(entries.items.map { $0["kind"] as? String } == ["comment", "tick"])
            #expect(entries.items.first?["recordedByName"] as? String == "Gina")
        }
    }

    @Test func inMePlannersManageGoalsTheChildTicksAndViewersRead() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = try await User.query(on: context.app.db).filter(\.$name == "Ida").first()!.requireID()
            let made = try await Self.goal(context, for: child, token: f.planner.token, [
                "title": "Brush teeth", "measure": "count", "target": 2, "period": "day", "pictogramId": NSNull(),
            ])
            #expect(made.status == .created)
            let id = try #require(made["id"])
            #expect(try await Self.progress(context, child, id, token: f.child.token, ["kind": "tick"]).status == .created)
            #expect(
                try await Self.goal(context, for: child, token: f.child.token, ["title": "Mine", "measure": "scale"]).status
                    == .forbidden
            )
            #expect(
                try await context.client.send(.PATCH, "/api/v1/users/\(child)/goals/\(id)", token: f.guardian.token, json: ["target": 3])
                    .status == .ok
            )
            #expect(try await context.client.get("/api/v1/users/\(child)/goals/overview", token: f.viewer.token).status == .ok)
            #expect(try await Self.progress(context, child, id, token: f.viewer.token, ["kind": "tick"]).status == .forbidden)
            let step = try await context.client.send(
                .PATCH, "/api/v1/users/\(child)/goals/\(id)", token: f.guardian.token, json: ["steps": [["text": "Morning"]]]
            )
            let stepID = try #require((step.json["steps"] as? [JSON])?.first?["id"] as? String)
            let ticked = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/goals/\(id)/steps/\(stepID)", token: f.child.token, json: ["reached": true]
            )
            #expect(ticked.status == .ok && (ticked.json["steps"] as? [JSON])?.first?["reachedAt"] as? String != nil)
        }
    }

    @Test func badInputIsAClearProblemAndChangesNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let teen = f.teen.id
            let child = try await User.query(on: context.app.db).filter(\.$name == "Ida").first()!.requireID()
            let bad: [JSON] = [
                ["measure": "count", "target": 4],
                ["title": "x", "measure": "count", "target": 0],
                ["title": "x", "measure": "count", "target": 101],
                ["title": "x", "measure": "count", "target": 2, "period": "month"],
                ["title": "x", "measure": "date", "targetDate": "2026-02-30"],
                ["title": "x", "measure": "sometimes"],
                ["title": String(repeating: "a", count: 121), "measure": "scale"],
                ["title": "x", "measure": "scale", "steps": (0..<21).map { ["text": "step \($0)"] }],
                ["title": "x", "measure": "scale", "status": "failed"],
                ["title": "x", "measure": "scale", "colour": "red"],
            ]
            for body in bad {
                let reply = try await Self.goal(context, for: teen, token: f.teen.token, body)
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(body)")
            }
            #expect(try await context.client.get("/api/v1/users/\(teen)/goals", token: f.teen.token).items.isEmpty)

            let counted = try #require(
                try await Self.goal(context, for: teen, token: f.teen.token, ["title": "Run", "measure": "count", "target": 3])["id"]
            )
            let rated = try #require(try await Self.goal(context, for: teen, token: f.teen.token, ["title": "Mood", "measure": "scale"])["id"])
            for (goal, body) in [
                (counted, ["kind": "count", "value": 0] as JSON), (counted, ["kind": "count", "value": 101]),
                (counted, ["kind": "rating", "value": 3]), (rated, ["kind": "rating", "value": 6]), (rated, ["kind": "rating", "value": 0]),
                (rated, ["kind": "tick"]), (counted, ["kind": "comment"]), (counted, ["kind": "cheer"]),
                (counted, ["kind": "tick", "date": "2099-01-01"]), (counted, ["kind": "tick", "note": String(repeating: "n", count: 501)]),
            ] {
                let reply = try await Self.progress(context, teen, goal, token: f.teen.token, body)
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(body)")
            }
            // A goal of another user through this one's path, a step of another goal: not found.
            #expect(try await Self.progress(context, child, counted, token: f.guardian.token, ["kind": "tick"]).status == .notFound)
            let withStep = try await Self.goal(context, for: child, token: f.guardian.token, [
                "title": "Dress", "measure": "count", "target": 1, "steps": [["text": "Socks"]],
            ])
            let stepID = try #require((withStep.json["steps"] as? [JSON])?.first?["id"] as? String)
            let foreignStep = try await context.client.send(
                .PUT, "/api/v1/users/\(teen)/goals/\(counted)/steps/\(stepID)", token: f.teen.token, json: ["reached": true]
            )
            #expect(foreignStep.status == .notFound)
            // An archived goal takes no progress.
            _ = try await context.client.send(.PATCH, "/api/v1/users/\(teen)/goals/\(counted)", token: f.teen.token, json: ["status": "archived"])
            let archived = try await Self.progress(context, teen, counted, token: f.teen.token, ["kind": "tick"])
            #expect(archived.status == .conflict && archived.isProblem)
            let none = try await context.client.get("/api/v1/users/\(teen)/goals/\(counted)/progress", token: f.teen.token)
            #expect(none.items.isEmpty && none.status == .ok)
        }
    }

    /// Progress from a linked activity marked done, by hand, and ratings, in the right weeks when
    /// the clocks go back (25 October 2026) and across New Year; a missed week is simply empty.
    @Test func progressCountsInTheRightWeekAcrossADaylightSavingChangeAndANewYear() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let teen = f.teen.id
            // Wednesday 6 January 2027: the twelve weeks start on Monday 19 October 2026.
            context.clock.advance(by: 1_799_236_800 - context.clock.now.timeIntervalSince1970)
            // Seven weeks on, everyone signs in again.
            let teenToken = try await context.client.login(f.teen.email!)
            let guardianToken = try await context.client.login(f.guardian.email!)
            let goal = try #require(
                try await Self.goal(context, for: teen, token: teenToken, ["title": "Swim", "measure": "count", "target": 2])["id"]
            )
            let mood = try #require(try await Self.goal(context, for: teen, token: teenToken, ["title": "Mood", "measure": "scale"])["id"])
            let activity = try await context.client.post(
                "/api/v1/users/\(teen)/activities", token: teenToken,
                json: ["title": "Swimming", "start": "2026-10-25T07:30", "goalId": goal]
            )
            #expect(activity.status == .created && activity["goalId"] == goal)
            let activityID = try #require(activity["id"])
            let state = "/api/v1/users/\(teen)/activities/\(activityID)/occurrences/2026-10-25T07:30/state"
            for _ in 0..<2 {  // marked done twice: counted once
                #expect(try await context.client.send(.PUT, state, token: teenToken, json: ["state": "done"]).status == .ok)
            }
            for date in ["2026-10-25", "2026-10-26", "2026-12-31", "2027-01-01"] {
                #expect(try await Self.progress(context, teen, goal, token: teenToken, ["kind": "tick", "date": date]).status == .created)
            }
            for (date, rating) in [("2026-12-28", 2), ("2027-01-03", 5)] {
                let reply = try await Self.progress(context, teen, mood, token: teenToken, ["kind": "rating", "value": rating, "date": date])
                #expect(reply.status == .created)
            }
            let overview = try await context.client.get("/api/v1/users/\(teen)/goals/overview", token: guardianToken)
            #expect(overview.status == .ok && overview["today"] == "2027-01-06")
            let goals = try #require(overview.json["goals"] as? [JSON])
            let swim = try #require(goals.first { $0["goalId"] as? String == goal })
            let weeks = try #require(swim["weeks"] as? [JSON])
            #expect(weeks.count == 12 && weeks.first?["start"] as? String == "2026-10-19" && weeks.last?["start"] as? String == "2027-01-04")
            let amounts = Dictionary(uniqueKeysWithValues: weeks.map { ($0["start"] as! String, $0["amount"] as! Int) })
            #expect(amounts["2026-10-19"] == 2, "the Sunday the clocks went back: the activity and the tick")
            #expect(amounts["2026-10-26"] == 1 && amounts["2026-12-28"] == 2 && amounts["2027-01-04"] == 0)
            #expect(amounts.values.reduce(0, +) == 5)
            #expect(swim["streak"] as? Int == 1 && swim["streakUnit"] as? String == "week")
            let moodWeeks = try #require((goals.first { $0["goalId"] as? String == mood })?["weeks"] as? [JSON])
            let newYear = try #require(moodWeeks.first { $0["start"] as? String == "2026-12-28" })
            #expect(newYear["averageRating"] as? Double == 3.5 && newYear["amount"] as? Int == 2)
            let activities = try #require(overview.json["activities"] as? [JSON])
            #expect(activities.first?["planned"] as? Int == 1 && activities.first?["done"] as? Int == 1)

            // Marked pending again, the activity's tick is taken back.
            #expect(try await context.client.send(.PUT, state, token: teenToken, json: ["state": "pending"]).status == .ok)
            let after = try await context.client.get("/api/v1/users/\(teen)/goals/overview", token: teenToken)
            let first = ((after.json["goals"] as? [JSON])?.first { $0["goalId"] as? String == goal }?["weeks"] as? [JSON])?.first
            #expect(first?["amount"] as? Int == 1)
            // The guardian's overview was kept from before the change: the change emptied it.
            let guardianAfter = try await context.client.get("/api/v1/users/\(teen)/goals/overview", token: guardianToken)
            let guardianFirst = ((guardianAfter.json["goals"] as? [JSON])?.first { $0["goalId"] as? String == goal }?["weeks"] as? [JSON])?
                .first
            #expect(guardianFirst?["amount"] as? Int == 1)
        }
    }

    @Test func theOverviewsStreakAndWeeksFollowTheUsersCalendar() {
        // Count per week, target 2: reached, missed, reached; the current week not yet reached leaves it whole.
        let today = LocalDate(year: 2027, month: 1, day: 6)
        let days = ["2026-12-14", "2026-12-16", "2026-12-28", "2027-01-01"].map {
            GoalOverview.Day(date: LocalDate(iso: $0)!, amount: 1, entries: 1)
        }
        let weekly = GoalOverview(days: days, measure: .count(target: 2, period: .week), today: today)
        #expect(weekly.streak == 1 && weekly.streakUnit == .week)
        #expect(Array(weekly.weeks.map(\.reached).suffix(4)) == [true, false, true, false])
        #expect(weekly.weeks.first { $0.start == LocalDate(year: 2026, month: 12, day: 28) }?.amount == 2)
        // Daily, target 1, three years every day up to today: a streak of every day.
        let start = today.adding(days: -1095)
        let daily = (0...1095).map { GoalOverview.Day(date: start.adding(days: $0), amount: 1, entries: 1) }
        let streak = GoalOverview(days: daily, measure: .count(target: 1, period: .day), today: today)
        #expect(streak.streak == 1096 && streak.streakUnit == .day)
        // Nothing today yet: yesterday's run stands.
        let yesterday = GoalOverview(days: Array(daily.dropLast()), measure: .count(target: 1, period: .day), today: today)
        #expect(yesterday.streak == 1095)
        #expect(GoalOverview.monday(of: LocalDate(year: 2027, month: 1, day: 3)) == LocalDate(year: 2026, month: 12, day: 28))
    }
}
