import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Activities and the plan of days: recurrence on the wall clock, states per occurrence, now and
/// next, private activities, and bad input that changes nothing.
@Suite struct PlansTests {
    static func occurrences(_ plan: Reply, on date: String) -> [[String: any Sendable]] {
        let days = plan.json["days"] as? [[String: any Sendable]] ?? []
        return days.first { $0["date"] as? String == date }?["occurrences"] as? [[String: any Sendable]] ?? []
    }

    @Test func aWeekdayRoutineShowsOnItsDaysWithItsStatesAndNowAndNext() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            // The clock stands at Wednesday 18 November 2026, 12:06 in Copenhagen.
            let morning = try await context.client.post(
                "\(base)/activities",
                token: fixtures.planner.token,
                json: [
                    "title": "School", "start": "2026-11-16T11:45", "durationMinutes": 45,
                    "recurrence": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "exceptDates": ["2026-11-19"],
                    "steps": [["text": "Bag"], ["text": "Shoes"]], "reminders": [10], "timer": true,
                ]
            )
            #expect(morning.status == .created)
            #expect(morning["createdBy"] == fixtures.planner.id.uuidString)
            let id = try #require(morning["id"])
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Swimming", "start": "2026-11-18T14:00", "end": "2026-11-18T15:30"]
            )
            let plan = try await context.client.get(
                "\(base)/plan?from=2026-11-16&to=2026-11-22",
                token: fixtures.child.token
            )
            #expect(plan.status == .ok)
            let days = plan.json["days"] as? [[String: any Sendable]] ?? []
            #expect(days.count == 7)
            // The body is assembled from cached pieces: it is still a whole PlanDTO.
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let decoded = try decoder.decode(PlanDTO.self, from: plan.body)
            #expect(decoded.userId == fixtures.child.id && decoded.days.count == 7 && decoded.now?.title == "School")
            #expect(plan.headers.contentType == .json)
            #expect(Self.occurrences(plan, on: "2026-11-16").count == 1)
            #expect(Self.occurrences(plan, on: "2026-11-19").isEmpty, "the excepted Thursday")
            #expect(Self.occurrences(plan, on: "2026-11-21").isEmpty, "Saturday")
            #expect(Self.occurrences(plan, on: "2026-11-18").map { $0["title"] as? String } == ["School", "Swimming"])
            #expect((plan.json["now"] as? [String: any Sendable])?["title"] as? String == "School")
            #expect((plan.json["next"] as? [String: any Sendable])?["start"] as? String == "2026-11-18T14:00")

            // The child ticks off today's school with one step; a planner may undo it.
            let steps = (morning.json["steps"] as? [[String: any Sendable]] ?? []).compactMap { $0["id"] as? String }
            let state = "\(base)/activities/\(id)/occurrences/2026-11-18T11:45/state"
            let done = try await context.client.send(
                .PUT,
                state,
                token: fixtures.child.token,
                json: ["state": "done", "stepsDone": [steps[0]]]
            )
            #expect(done.status == .ok && done["changedBy"] == fixtures.child.id.uuidString)
            let after = try await context.client.get(
                "\(base)/plan?from=2026-11-18&to=2026-11-18",
                token: fixtures.guardian.token
            )
            let school = try #require(Self.occurrences(after, on: "2026-11-18").first)
            #expect(school["state"] as? String == "done" && (school["stepsDone"] as? [String]) == [steps[0]])
            let undone = try await context.client.send(
                .PUT,
                state,
                token: fixtures.planner.token,
                json: ["state": "pending"]
            )
            #expect(undone["state"] == "pending")
            // Not an occurrence: the excepted day, a wrong time; not a step of it.
            for bad in ["2026-11-19T11:45", "2026-11-18T11:31", "tomorrow"] {
                let reply = try await context.client.send(
                    .PUT,
                    "\(base)/activities/\(id)/occurrences/\(bad)/state",
                    token: fixtures.child.token,
                    json: ["state": "done"]
                )
                #expect(reply.status == .notFound, "\(bad)")
            }
            let wrongStep = try await context.client.send(
                .PUT,
                state,
                token: fixtures.child.token,
                json: ["state": "done", "stepsDone": [UUID().uuidString]]
            )
            #expect(wrongStep.status == .unprocessableEntity)
            // The planner's reading and changing are in the child's access log.
            let actions = try await AccessLogEntry.query(on: context.app.db).filter(\.$subject.$id == fixtures.child.id)
                .filter(\.$actor.$id == fixtures.planner.id).all(\.$action)
            #expect(Set(actions).isSuperset(of: ["create activity", "tick off"]))
        }
    }

    @Test func aPlannerNeverChangesCancelsOrTicksOffTheYoungPersonsOwnPlaNetItems() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let base = "/api/v1/users/\(fixtures.teen.id)"
            let own = try await client.post(
                "\(base)/activities",
                token: fixtures.teen.token,
                json: ["title": "Football", "start": "2026-11-19T16:00", "durationMinutes": 60]
            )
            #expect(own.status == .created)
            let ownID = try #require(own["id"])
            let added = try await client.post(
                "\(base)/activities",
                token: fixtures.planner.token,
                json: ["title": "Dentist", "start": "2026-11-20T09:00", "durationMinutes": 30]
            )
            #expect(added.status == .created)
            let addedID = try #require(added["id"])
            for planner in [fixtures.planner, fixtures.guardian] {
                for state in ["cancelled", "done", "skipped"] {
                    let reply = try await client.send(
                        .PUT,
                        "\(base)/activities/\(ownID)/occurrences/2026-11-19T16:00/state",
                        token: planner.token,
                        json: ["state": state]
                    )
                    #expect(reply.status == .forbidden, "\(state) by a planner")
                }
                let patch = try await client.send(
                    .PATCH,
                    "\(base)/activities/\(ownID)",
                    token: planner.token,
                    json: ["title": "Homework"]
                )
                #expect(patch.status == .forbidden)
                let delete = try await client.send(.DELETE, "\(base)/activities/\(ownID)", token: planner.token)
                #expect(delete.status == .forbidden)
            }
            // Nothing changed: the item is the young person's, as they made it.
            let plan = try await client.get("\(base)/plan?from=2026-11-19&to=2026-11-19", token: fixtures.teen.token)
            let football = try #require(Self.occurrences(plan, on: "2026-11-19").first)
            #expect(football["title"] as? String == "Football" && football["state"] as? String == "pending")
            // What the planner added from the sideline stays theirs to cancel; the user ticks off both.
            let cancel = try await client.send(
                .PUT,
                "\(base)/activities/\(addedID)/occurrences/2026-11-20T09:00/state",
                token: fixtures.planner.token,
                json: ["state": "cancelled"]
            )
            #expect(cancel.status == .ok)
            let tick = try await client.send(
                .PUT,
                "\(base)/activities/\(ownID)/occurrences/2026-11-19T16:00/state",
                token: fixtures.teen.token,
                json: ["state": "done"]
            )
            #expect(tick.status == .ok)
        }
    }

    @Test func eightOClockStaysEightOClockAcrossDaylightSaving() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Breakfast", "start": "2026-03-27T08:00", "recurrence": "FREQ=DAILY;COUNT=5"]
            )
            let plan = try await context.client.get(
                "\(base)/plan?from=2026-03-27&to=2026-04-02",
                token: fixtures.guardian.token
            )
            let starts = (plan.json["days"] as? [[String: any Sendable]] ?? []).flatMap {
                ($0["occurrences"] as? [[String: any Sendable]] ?? []).compactMap { $0["start"] as? String }
            }
            #expect(
                starts == [
                    "2026-03-27T08:00", "2026-03-28T08:00", "2026-03-29T08:00", "2026-03-30T08:00", "2026-03-31T08:00",
                ]
            )
        }
    }

    @Test func aTimeSkippedByDaylightSavingAndAnotherZoneShowTheRealTimeAndKeepTheirKey() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            let medicine = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: [
                    "title": "Medicine", "start": "2026-03-28T02:30", "recurrence": "FREQ=DAILY;COUNT=2",
                    "steps": [["text": "Water"]],
                ]
            )
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Call", "start": "2026-03-28T12:00", "timeZone": "America/New_York"]
            )
            let plan = try await context.client.get(
                "\(base)/plan?from=2026-03-28&to=2026-03-29",
                token: fixtures.child.token
            )
            let all = (plan.json["days"] as? [[String: any Sendable]] ?? []).flatMap {
                $0["occurrences"] as? [[String: any Sendable]] ?? []
            }
            let seen = all.map {
                "\($0["title"] as? String ?? "") \($0["localStart"] as? String ?? "") \($0["start"] as? String ?? "")"
            }
            // 02:30 does not exist on 29 March 2026 in Copenhagen: it is 03:30, as RFC 5545 says.
            #expect(
                seen == [
                    "Medicine 2026-03-28T02:30 2026-03-28T02:30", "Call 2026-03-28T12:00 2026-03-28T17:00",
                    "Medicine 2026-03-29T02:30 2026-03-29T03:30",
                ]
            )
            #expect((all.first?["steps"] as? [[String: any Sendable]])?.first?["text"] as? String == "Water")
            // The occurrence is ticked off by its key.
            let state = try await context.client.send(
                .PUT,
                "\(base)/activities/\(medicine["id"] ?? "")/occurrences/2026-03-29T02:30/state",
                token: fixtures.child.token,
                json: ["state": "done"]
            )
            #expect(state.status == .ok)
        }
    }

    @Test func aPrivateActivityIsOnlyBusyForPlanners() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.teen.id)"
            let secret = try await context.client.post(
                "\(base)/activities",
                token: fixtures.teen.token,
                json: ["title": "Date with Sam", "start": "2026-12-04T19:00", "private": true]
            )
            #expect(secret.status == .created)
            let byPlanner = try await context.client.post(
                "\(base)/activities",
                token: fixtures.planner.token,
                json: ["title": "Dentist", "start": "2026-12-04T09:00", "private": true]
            )
            #expect(byPlanner.status == .unprocessableEntity && byPlanner.fieldErrors == ["private"])
            let seen = try await context.client.get(
                "\(base)/plan?from=2026-12-04&to=2026-12-04",
                token: fixtures.planner.token
            )
            let item = try #require(Self.occurrences(seen, on: "2026-12-04").first)
            #expect(item["busy"] as? Bool == true && item["title"] is NSNull)
            #expect(!String(decoding: seen.body, as: UTF8.self).contains("Sam"))
            #expect(
                try await context.client.get("\(base)/activities/\(secret["id"] ?? "")", token: fixtures.planner.token)
                    .status == .notFound
            )
            let own = try await context.client.get(
                "\(base)/plan?from=2026-12-04&to=2026-12-04",
                token: fixtures.teen.token
            )
            #expect(Self.occurrences(own, on: "2026-12-04").first?["title"] as? String == "Date with Sam")
        }
    }

    @Test func badInputIsAClearProblemAndChangesNothing() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            let othersPicture = try await context.client.upload(
                "/api/v1/users/\(fixtures.teen.id)/pictures",
                token: fixtures.teen.token,
                data: try ImagePipeline.testJPEG(width: 64, height: 64)
            )
            let cases: [([String: any Sendable], String)] = [
                (["title": "X", "start": "2026-13-01T07:00"], "start"),
                (["title": "X", "start": "2026-12-01T07:00", "recurrence": "FREQ=HOURLY"], "recurrence"),
                (["title": "X", "start": "2026-12-01T07:00", "recurrence": "FREQ=WEEKLY;BYDAY=XX"], "recurrence"),
                (["title": "X", "start": "2026-12-01T07:00", "timeZone": "Mars/Olympus"], "timeZone"),
                (["title": "X", "start": "2026-12-01T07:00", "colour": "blue"], "colour"),
                (["title": "X", "start": "2026-12-01T07:00", "end": "2026-11-30T07:00"], "end"),
                (["title": "X", "start": "2026-12-01T07:00", "exceptDates": ["24/12"]], "exceptDates"),
                (["title": "X", "start": "2026-12-01T07:00", "pictureId": othersPicture["id"] ?? ""], "pictureId"),
                (["title": "X", "start": "2026-12-01T07:00", "pictogramId": UUID().uuidString], "pictogramId"),
                (["title": "X", "start": "2026-12-01T07:00", "steps": [["text": ""]]], "steps"),
                (["title": "", "start": "2026-12-01T07:00"], "title"),
                (["title": "X", "start": "2026-12-01T07:00", "reminders": [-5]], "reminders"),
            ]
            for (body, field) in cases {
                let reply = try await context.client.post(
                    "\(base)/activities",
                    token: fixtures.guardian.token,
                    json: body
                )
                #expect(
                    reply.status == .unprocessableEntity && reply.fieldErrors.contains(field),
                    "\(body): \(reply.status) \(reply.fieldErrors)"
                )
                #expect(reply.isProblem)
            }
            let rule = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "X", "start": "2026-12-01T07:00", "recurrence": "FREQ=DAILY;BYHOUR=8"]
            )
            #expect(String(decoding: rule.body, as: UTF8.self).contains("BYHOUR"), "the message names the part")
            #expect(try await Activity.query(on: context.app.db).count() == 0)
            for query in [
                "from=2026-12-01&to=2027-02-01", "from=2026-12-08&to=2026-12-01", "from=1.12.2026&to=2026-12-02",
                "to=2026-12-02",
            ] {
                let reply = try await context.client.get("\(base)/plan?\(query)", token: fixtures.guardian.token)
                #expect(reply.status == .unprocessableEntity, "\(query)")
            }
            let sixtyTwo = try await context.client.get(
                "\(base)/plan?from=2026-12-01&to=2027-01-31",
                token: fixtures.guardian.token
            )
            #expect(sixtyTwo.status == .ok)
        }
    }

    @Test func aPatchChangesWhatItNamesAndNullClears() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)/activities"
            let made = try await context.client.post(
                base,
                token: fixtures.guardian.token,
                json: [
                    "title": "Piano", "start": "2026-12-01T15:00", "recurrence": "FREQ=WEEKLY",
                    "location": "Music school",
                ]
            )
            let path = "\(base)/\(made["id"] ?? "")"
            let changed = try await context.client.send(
                .PATCH,
                path,
                token: fixtures.planner.token,
                raw: #"{"title": "Piano lesson", "recurrence": null, "durationMinutes": 45}"#
            )
            #expect(changed.status == .ok)
            #expect(changed["title"] == "Piano lesson" && changed.json["recurrence"] is NSNull)
            #expect(changed["location"] == "Music school" && changed.json["durationMinutes"] as? Int == 45)
            #expect(changed["end"] == "2026-12-01T15:45")
            let deleted = try await context.client.send(.DELETE, path, token: fixtures.planner.token)
            #expect(deleted.status == .noContent)
            #expect(try await context.client.get(path, token: fixtures.guardian.token).status == .notFound)
        }
    }
}

@Suite struct OccurrenceChangesTests {
    static func titles(_ context: TestContext, _ token: String, _ user: UUID) async throws -> [String: String] {
        let plan = try await context.client.get(
            "/api/v1/users/\(user)/plan?from=2026-12-01&to=2026-12-31",
            token: token
        )
        var titles: [String: String] = [:]
        for day in plan.json["days"] as? [[String: any Sendable]] ?? [] {
            for item in day["occurrences"] as? [[String: any Sendable]] ?? [] {
                titles[item["start"] as? String ?? ""] = item["title"] as? String
            }
        }
        return titles
    }

    @Test func anOccurrenceChangedAloneKeepsItsTicksAndGoesWithoutBringingBackTheOriginal() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = fixtures.guardian.token
            let base = "/api/v1/users/\(fixtures.child.id)"
            let series = try await context.client.post(
                "\(base)/activities",
                token: token,
                json: [
                    "title": "Reading", "start": "2026-12-01T18:00", "recurrence": "FREQ=DAILY;COUNT=5",
                    "steps": [["text": "Book"], ["text": "Lamp"]],
                ]
            )
            let id = try #require(series["id"])
            let step = try #require((series.json["steps"] as? [[String: any Sendable]])?.first?["id"] as? String)
            // Ticked, then cancelled without naming the steps: the ticks stay.
            let state = "\(base)/activities/\(id)/occurrences/2026-12-02T18:00/state"
            _ = try await context.client.send(
                .PUT,
                state,
                token: token,
                json: ["state": "pending", "stepsDone": [step]]
            )
            let cancelled = try await context.client.send(.PUT, state, token: token, json: ["state": "cancelled"])
            #expect(cancelled.json["stepsDone"] as? [String] == [step])
            _ = try await context.client.send(.PUT, state, token: token, json: ["state": "done"])
            // Moved alone to 19:00: still done, with its series named in the plan.
            let moved = try await context.client.send(
                .PATCH,
                "\(base)/activities/\(id)?scope=this&occurrence=2026-12-02T18:00",
                token: token,
                json: ["start": "2026-12-02T19:00"]
            )
            #expect(moved.status == .ok)
            let plan = try await context.client.get("\(base)/plan?from=2026-12-02&to=2026-12-02", token: token)
            let occurrence = try #require(PlansTests.occurrences(plan, on: "2026-12-02").first)
            #expect(occurrence["start"] as? String == "2026-12-02T19:00" && occurrence["state"] as? String == "done")
            #expect(occurrence["stepsDone"] as? [String] == [step])
            #expect(
                occurrence["seriesId"] as? String == id && occurrence["originalStart"] as? String == "2026-12-02T18:00"
            )
            // Deleted: the 18:00 it replaced does not come back.
            let deleted = try await context.client.send(
                .DELETE,
                "\(base)/activities/\(moved["id"] ?? "")",
                token: token
            )
            #expect(deleted.status == .noContent)
            #expect(
                try await Self.titles(context, token, fixtures.child.id).keys.sorted() == [
                    "2026-12-01T18:00", "2026-12-03T18:00", "2026-12-04T18:00", "2026-12-05T18:00",
                ]
            )
            // A whole series goes with the occurrences changed alone.
            _ = try await context.client.send(
                .PATCH,
                "\(base)/activities/\(id)?scope=this&occurrence=2026-12-04T18:00",
                token: token,
                json: ["title": "Comics"]
            )
            _ = try await context.client.send(.DELETE, "\(base)/activities/\(id)", token: token)
            #expect(try await Self.titles(context, token, fixtures.child.id).isEmpty)
            #expect(try await Activity.query(on: context.app.db).filter(\.$user.$id == fixtures.child.id).count() == 0)
        }
    }

    @Test func ofOverlappingActivitiesTheOneThatBeganLastIsNow() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            // The clock stands at 12:06 on Wednesday 18 November 2026.
            for (title, start, minutes) in [("School day", "2026-11-18T08:00", 360), ("Lunch", "2026-11-18T12:00", 30)]
            {
                _ = try await context.client.post(
                    "\(base)/activities",
                    token: fixtures.guardian.token,
                    json: ["title": title, "start": start, "durationMinutes": minutes]
                )
            }
            let plan = try await context.client.get(
                "\(base)/plan?from=2026-11-18&to=2026-11-18",
                token: fixtures.child.token
            )
            #expect((plan.json["now"] as? [String: any Sendable])?["title"] as? String == "Lunch")
        }
    }

    @Test func anAllDayActivityOfSeveralDaysIsOnEachOfThem() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Camp", "start": "2026-12-03T00:00", "allDay": true, "durationMinutes": 3 * 1440]
            )
            let plan = try await context.client.get(
                "\(base)/plan?from=2026-12-04&to=2026-12-07",
                token: fixtures.guardian.token
            )
            let days = (plan.json["days"] as? [[String: any Sendable]] ?? []).map {
                ($0["occurrences"] as? [[String: any Sendable]] ?? []).count
            }
            #expect(days == [1, 1, 0, 0])
        }
    }

    @Test func onlyThisOneThisAndFollowingAndAll() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = fixtures.guardian.token
            let made = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/activities",
                token: token,
                json: ["title": "Swimming", "start": "2026-12-01T16:00", "recurrence": "FREQ=WEEKLY;COUNT=5"]
            )
            let path = "/api/v1/users/\(fixtures.child.id)/activities/\(made["id"] ?? "")"
            // Only this one, moved an hour later.
            let one = try await context.client.send(
                .PATCH,
                "\(path)?scope=this&occurrence=2026-12-08T16:00",
                token: token,
                json: ["title": "Swimming with grandma", "start": "2026-12-08T17:00"]
            )
            #expect(one.status == .ok)
            #expect(one["seriesId"] == made["id"] && one["originalStart"] == "2026-12-08T16:00")
            var titles = try await Self.titles(context, token, fixtures.child.id)
            #expect(titles["2026-12-08T16:00"] == nil && titles["2026-12-08T17:00"] == "Swimming with grandma")
            #expect(titles["2026-12-15T16:00"] == "Swimming")
            // This and the following: the series ends before the 22nd; the rest keeps its count.
            let rest = try await context.client.send(
                .PATCH,
                "\(path)?scope=following&occurrence=2026-12-22T16:00",
                token: token,
                json: ["title": "Diving"]
            )
            #expect(rest.status == .ok && rest["recurrence"] == "FREQ=WEEKLY;COUNT=2")
            titles = try await Self.titles(context, token, fixtures.child.id)
            #expect(titles["2026-12-15T16:00"] == "Swimming")
            #expect(titles["2026-12-22T16:00"] == "Diving" && titles["2026-12-29T16:00"] == "Diving")
            #expect(titles.count == 5)
            // Deleting only one occurrence of the new series, then the rest of the old one.
            let restPath = "/api/v1/users/\(fixtures.child.id)/activities/\(rest["id"] ?? "")"
            let gone = try await context.client.send(
                .DELETE,
                "\(restPath)?scope=this&occurrence=2026-12-29T16:00",
                token: token
            )
            #expect(gone.status == .noContent)
            let following = try await context.client.send(
                .DELETE,
                "\(path)?scope=following&occurrence=2026-12-15T16:00",
                token: token
            )
            #expect(following.status == .noContent)
            titles = try await Self.titles(context, token, fixtures.child.id)
            #expect(titles.keys.sorted() == ["2026-12-01T16:00", "2026-12-08T17:00", "2026-12-22T16:00"])
            // Bad scopes and occurrences change nothing.
            for query in [
                "scope=some", "scope=this", "scope=this&occurrence=2026-12-02T16:00",
                "scope=this&occurrence=2026-12-08T16:00",
            ] {
                let reply = try await context.client.send(
                    .PATCH,
                    "\(path)?\(query)",
                    token: token,
                    json: ["title": "X"]
                )
                #expect(reply.status == .unprocessableEntity, "\(query)")
            }
            #expect(try await Self.titles(context, token, fixtures.child.id).values.contains("X") == false)
        }
    }
}
