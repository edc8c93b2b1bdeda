import Foundation
import Testing
import VaporTesting

@testable import App

/// Every range, date and rule a client sends to the plan has a documented bound, and what lies
/// within the bounds is cheap: the requests a review used to stall the server answer at once, or
/// with a 4xx.
@Suite struct PlanBoundsTests {
    @Test func aPlanReadOutsideItsWindowOrLongerThanItsSpanIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let plan = "/api/v1/users/\(fixtures.child.id)/plan"
            for query in ["from=9999-12-25&to=9999-12-31", "from=1969-12-25&to=1969-12-31", "from=2026-01-01&to=2026-12-31"] {
                let reply = try await context.client.get("\(plan)?\(query)", token: fixtures.guardian.token)
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(query)")
            }
            let edge = try await context.client.get("\(plan)?from=2200-12-25&to=2200-12-31", token: fixtures.guardian.token)
            #expect(edge.status == .ok)
        }
    }

    @Test func aDailyActivityFrom1970IsReadForThisWeekAndTickedIn2200() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            let made = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Vitamins", "start": "1970-01-01T07:00", "recurrence": "FREQ=DAILY"]
            )
            #expect(made.status == .created)
            let id = try #require(made["id"])
            let week = try await context.client.get("\(base)/plan?from=2026-11-16&to=2026-11-22", token: fixtures.child.token)
            #expect(week.status == .ok)
            #expect(PlansTests.occurrences(week, on: "2026-11-18").count == 1)
            let state = "\(base)/activities/\(id)/occurrences"
            let late = try await context.client.send(
                .PUT,
                "\(state)/2200-12-31T07:00/state",
                token: fixtures.child.token,
                json: ["state": "done"]
            )
            #expect(late.status == .ok)
            let beyond = try await context.client.send(
                .PUT,
                "\(state)/9999-12-31T07:00/state",
                token: fixtures.child.token,
                json: ["state": "done"]
            )
            #expect(beyond.status == .notFound, "outside the plan's window there is no occurrence to tick")
        }
    }

    @Test func rulesWithHugeListsOrThatNeverArriveAreRefusedNamingTheRule() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let path = "/api/v1/users/\(fixtures.child.id)/activities"
            let positions = (1...366).map(String.init) + (1...366).map { "-\($0)" }
            let rules = [
                "FREQ=YEARLY;BYDAY=MO;BYSETPOS=" + Array(repeating: positions, count: 100).joined().joined(separator: ","),
                "FREQ=WEEKLY;BYDAY=" + Array(repeating: "MO,TU,WE,TH,FR,SA,SU", count: 20_000).joined(separator: ","),
                "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=10000",
                "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
            ]
            for rule in rules {
                let reply = try await context.client.post(
                    path,
                    token: fixtures.guardian.token,
                    json: ["title": "Never", "start": "1970-01-01T07:00", "recurrence": rule]
                )
                #expect(reply.status == .unprocessableEntity && reply.fieldErrors == ["recurrence"], "\(rule.prefix(60))")
            }
            #expect(try await Activity.query(on: context.app.db).count() == 0)
        }
    }

    @Test func aCopyWhoseDatesSpanMoreThanAYearIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Walk", "start": "1970-01-01T07:00", "recurrence": "FREQ=DAILY"]
            )
            let far = try await context.client.post(
                "\(base)/plan/copy",
                token: fixtures.guardian.token,
                json: ["from": "2026-11-16", "to": "2026-11-22", "dates": ["1970-01-05", "2200-01-05"], "dryRun": true]
            )
            #expect(far.status == .unprocessableEntity && far.fieldErrors == ["dates"])
            let year = try await context.client.post(
                "\(base)/plan/copy",
                token: fixtures.guardian.token,
                json: ["from": "2026-11-16", "to": "2026-11-22", "dates": ["2027-01-04", "2027-12-27"], "dryRun": true]
            )
            #expect(year.status == .ok)
        }
    }

    @Test func aTimedActivityAcrossMidnightShowsOnBothDays() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Sleepover", "start": "2026-11-20T19:00", "end": "2026-11-21T10:00"]
            )
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: ["title": "Late film", "start": "2026-11-22T21:00", "end": "2026-11-23T00:00"]
            )
            let plan = try await context.client.get("\(base)/plan?from=2026-11-20&to=2026-11-23", token: fixtures.child.token)
            let titles = { (day: String) in PlansTests.occurrences(plan, on: day).compactMap { $0["title"] as? String } }
            #expect(titles("2026-11-20") == ["Sleepover"])
            #expect(titles("2026-11-21") == ["Sleepover"], "the morning after is part of it")
            #expect(titles("2026-11-22") == ["Late film"])
            #expect(titles("2026-11-23").isEmpty, "ending at midnight is not the next day")
            // Read from the second day alone, it is there too.
            let second = try await context.client.get("\(base)/plan?from=2026-11-21&to=2026-11-21", token: fixtures.child.token)
            #expect(PlansTests.occurrences(second, on: "2026-11-21").first?["start"] as? String == "2026-11-20T19:00")
        }
    }
}
