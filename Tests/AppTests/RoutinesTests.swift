import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Routines and copies: a day's activities kept under a name and placed on other dates, a week
/// copied to another child; what would overlap is reported, not silently doubled.
@Suite struct RoutinesTests {
    static func titles(_ context: TestContext, _ user: UUID, _ token: String, on date: String) async throws -> [String]
    {
        let plan = try await context.client.get("/api/v1/users/\(user)/plan?from=\(date)&to=\(date)", token: token)
        return PlansTests.occurrences(plan, on: date).map {
            "\($0["start"] as? String ?? "") \($0["title"] as? String ?? "busy")"
        }
    }

    @Test func aMorningRoutineIsPlacedOnDatesAndAClashIsReportedNotDoubled() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            let token = fixtures.guardian.token
            func add(_ title: String, _ start: String, _ minutes: Int, steps: [String] = []) async throws -> String {
                let made = try await context.client.post(
                    "\(base)/activities",
                    token: token,
                    json: [
                        "title": title, "start": start, "durationMinutes": minutes,
                        "steps": steps.map { ["text": $0] }, "reminders": [5],
                    ]
                )
                return try #require(made["id"])
            }
            let wake = try await add("Wake up", "2026-12-01T07:00", 30, steps: ["Curtains", "Clothes"])
            let breakfast = try await add("Breakfast", "2026-12-01T07:30", 30)
            _ = try await add("Dentist", "2026-12-01T10:00", 60)
            _ = try await add("Swimming", "2026-12-08T07:15", 45)

            let made = try await context.client.post(
                "\(base)/routines",
                token: token,
                json: ["name": "  Morning ", "from": "2026-12-01", "activityIds": [wake, breakfast]]
            )
            #expect(made.status == .created)
            #expect(made["name"] == "Morning")
            let items = made.json["items"] as? [[String: any Sendable]] ?? []
            #expect(
                items.map {
                    "\($0["day"] as? Int ?? -1) \($0["time"] as? String ?? "") \($0["title"] as? String ?? "")"
                } == [
                    "0 07:00 Wake up", "0 07:30 Breakfast",
                ]
            )
            #expect((items.first?["steps"] as? [[String: any Sendable]])?.count == 2)
            let routine = try #require(made["id"])
            let apply = "\(base)/routines/\(routine)/apply"

            // Tried first: nothing is made, the report says what would clash.
            let dry = try await context.client.post(
                apply,
                token: token,
                json: ["dates": ["2026-12-07", "2026-12-08"], "dryRun": true]
            )
            #expect(dry.status == .ok)
            #expect(dry.json["created"] as? Int == 0 && dry.json["skipped"] as? Int == 2)
            let report = dry.json["items"] as? [[String: any Sendable]] ?? []
            #expect(report.count == 4)
            let clashes = report.compactMap { ($0["clashesWith"] as? [String: any Sendable])?["title"] as? String }
            #expect(clashes == ["Swimming", "Swimming"])
            #expect(try await Self.titles(context, fixtures.child.id, token, on: "2026-12-07").isEmpty)

            // Placed: what clashes is left out, the rest is there.
            let placed = try await context.client.post(
                apply,
                token: token,
                json: ["dates": ["2026-12-07", "2026-12-08"]]
            )
            #expect(placed.status == .created)
            #expect(placed.json["created"] as? Int == 2 && placed.json["skipped"] as? Int == 2)
            #expect(
                try await Self.titles(context, fixtures.child.id, token, on: "2026-12-07") == [
                    "2026-12-07T07:00 Wake up", "2026-12-07T07:30 Breakfast",
                ]
            )
            #expect(
                try await Self.titles(context, fixtures.child.id, token, on: "2026-12-08") == [
                    "2026-12-08T07:15 Swimming"
                ]
            )
            // Asked to add anyway: added, and still reported.
            let added = try await context.client.post(
                apply,
                token: token,
                json: ["dates": ["2026-12-08"], "onClash": "add"]
            )
            #expect(added.json["created"] as? Int == 2)
            #expect(
                (added.json["items"] as? [[String: any Sendable]] ?? []).allSatisfy {
                    $0["clashesWith"] is [String: any Sendable]
                }
            )
            #expect(try await Self.titles(context, fixtures.child.id, token, on: "2026-12-08").count == 3)

            // Bad input: a clear problem, nothing made.
            let before = try await Activity.query(on: context.app.db).count()
            for (body, field) in [
                (["dates": [String]()], "dates"), (["dates": ["2026-13-01"]], "dates"),
                (["dates": ["2026-12-09", "2026-12-09"]], "dates"),
                (["dates": ["2026-12-09"], "onClash": "merge"], "onClash"),
                (["dates": ["2026-12-09"], "targetUserId": "nobody"], "targetUserId"),
            ] as [([String: any Sendable], String)] {
                let reply = try await context.client.post(apply, token: token, json: body)
                #expect(reply.status == .unprocessableEntity && reply.fieldErrors == [field], "\(body)")
            }
            let stranger = try await context.client.post(
                apply,
                token: token,
                json: ["dates": ["2026-12-09"], "targetUserId": fixtures.stranger.id.uuidString]
            )
            #expect(stranger.status == .notFound)
            let empty = try await context.client.post(
                "\(base)/routines",
                token: token,
                json: ["name": "Nothing", "from": "2026-11-01"]
            )
            #expect(empty.status == .unprocessableEntity && empty.fieldErrors == ["from"])
            #expect(try await Activity.query(on: context.app.db).count() == before)
        }
    }

    @Test func aWeekCopiedToAnotherChildLeavesPhotosAndPrivateTimeBehind() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = "/api/v1/users/\(fixtures.teen.id)"
            let photo = try await context.client.upload(
                "\(teen)/pictures",
                token: fixtures.teen.token,
                data: try ImagePipeline.testJPEG(width: 64, height: 48)
            )
            let pictureID = try #require(photo["id"])
            _ = try await context.client.post(
                "\(teen)/activities",
                token: fixtures.teen.token,
                json: ["title": "Football", "start": "2026-12-02T16:00", "pictureId": pictureID, "durationMinutes": 90]
            )
            _ = try await context.client.post(
                "\(teen)/activities",
                token: fixtures.teen.token,
                json: ["title": "Therapy", "start": "2026-12-03T15:00", "private": true]
            )
            // The planner copies the teen's week to the child: the private hour stays behind, the photo too.
            let copied = try await context.client.post(
                "\(teen)/plan/copy",
                token: fixtures.planner.token,
                json: [
                    "from": "2026-11-30", "to": "2026-12-06", "dates": ["2026-12-07"],
                    "targetUserId": fixtures.child.id.uuidString,
                ]
            )
            #expect(copied.status == .created)
            #expect(copied.json["created"] as? Int == 1)
            let child = try await Activity.query(on: context.app.db).filter(\.$user.$id == fixtures.child.id).all()
            #expect(child.map(\.title) == ["Football"])
            #expect(child.first?.start == "2026-12-09T16:00" && child.first?.pictureID == nil)
            #expect(child.first?.$createdBy.id == fixtures.planner.id)

            // The teen copies their own week on: their photo and their privacy come along.
            let own = try await context.client.post(
                "\(teen)/plan/copy",
                token: fixtures.teen.token,
                json: ["from": "2026-11-30", "to": "2026-12-06", "dates": ["2026-12-07", "2026-12-14"]]
            )
            #expect(own.json["created"] as? Int == 4)
            let later = try await Activity.query(on: context.app.db).filter(\.$user.$id == fixtures.teen.id)
                .filter(\.$start >= "2026-12-07").sort(\.$start).all()
            #expect(
                later.map(\.start) == ["2026-12-09T16:00", "2026-12-10T15:00", "2026-12-16T16:00", "2026-12-17T15:00"]
            )
            #expect(later.map(\.isPrivate) == [false, true, false, true])
            #expect(later.first?.pictureID?.uuidString == pictureID)
            // A week is the most at once.
            let long = try await context.client.post(
                "\(teen)/plan/copy",
                token: fixtures.teen.token,
                json: ["from": "2026-11-30", "to": "2026-12-07", "dates": ["2027-01-04"]]
            )
            #expect(long.status == .unprocessableEntity && long.fieldErrors == ["to"])
        }
    }

    @Test func placementsThatOverlapEachOtherAreReportedAsClashesNotDoubled() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            let token = fixtures.guardian.token
            for (title, start) in [("Reading", "2026-12-01T10:00"), ("Football", "2026-12-02T10:00")] {
                _ = try await context.client.post("\(base)/activities", token: token, json: ["title": title, "start": start])
            }
            let routine = try await context.client.post(
                "\(base)/routines",
                token: token,
                json: ["name": "Two days", "from": "2026-12-01", "to": "2026-12-02"]
            )
            let id = try #require(routine["id"])
            // Placed from Monday and from Tuesday: Tuesday would get Football and Reading at 10:00.
            let placed = try await context.client.post(
                "\(base)/routines/\(id)/apply",
                token: token,
                json: ["dates": ["2026-12-14", "2026-12-15"]]
            )
            #expect(placed.status == .created)
            #expect(placed.json["created"] as? Int == 3 && placed.json["skipped"] as? Int == 1)
            let items = placed.json["items"] as? [[String: any Sendable]] ?? []
            let clash = try #require(items.first { $0["clashesWith"] is [String: any Sendable] })
            #expect(clash["start"] as? String == "2026-12-15T10:00" && clash["activityId"] is NSNull)
            #expect(((clash["clashesWith"] as? [String: any Sendable])?["title"] as? String) == "Football")
            #expect(try await Self.titles(context, fixtures.child.id, token, on: "2026-12-15") == ["2026-12-15T10:00 Football"])
        }
    }
}
