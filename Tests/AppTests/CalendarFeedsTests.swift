import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Calendar feeds: an address with a token that only its maker sees once, stored as a hash; the
/// plan as the maker sees it, only while they may; revocable, rate-limited, logged.
@Suite struct CalendarFeedsTests {
    /// Makes a feed and answers its path with the token (the server names its public origin).
    static func feed(_ context: TestContext, of user: UUID, by token: String) async throws -> (id: String, path: String)
    {
        let made = try await context.client.post("/api/v1/users/\(user)/calendar-feeds", token: token)
        #expect(made.status == .created)
        let url = try #require(made["url"].flatMap(URLComponents.init(string:)))
        #expect(made["webcalUrl"]?.hasPrefix("webcal://") == true)
        return (try #require(made["id"]), url.path + "?" + (url.query ?? ""))
    }

    static func text(_ reply: Reply) -> String { String(decoding: reply.body, as: UTF8.self) }

    @Test func aFeedReadsThePlanByItsTokenAloneAndIsStoredOnlyAsAHash() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.guardian.token,
                json: [
                    "title": "Swimming", "start": "2026-11-20T16:00", "recurrence": "FREQ=WEEKLY",
                    "exceptDates": ["2026-11-27"], "reminders": [30],
                ]
            )
            let feed = try await Self.feed(context, of: fixtures.child.id, by: fixtures.guardian.token)
            let token = try #require(feed.path.split(separator: "=").last.map(String.init))
            let stored = try #require(try await CalendarFeed.query(on: context.app.db).first())
            #expect(stored.tokenHash == Secret.hash(token) && stored.tokenHash != token)

            let reply = try await context.client.get(feed.path)
            #expect(reply.status == .ok)
            #expect(reply.headers.first(name: .contentType) == "text/calendar; charset=utf-8")
            let text = Self.text(reply)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(text.contains("RRULE:FREQ=WEEKLY"))
            #expect(text.contains("EXDATE;TZID=Europe/Copenhagen:20261127T160000"))
            #expect(text.contains("TRIGGER:-PT30M"))
            #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen"))

            // The list never shows the address again.
            let list = try await context.client.get("\(base)/calendar-feeds", token: fixtures.guardian.token)
            #expect(list.items.count == 1)
            #expect(list.items.first?["url"] is NSNull)
            // Another user's path with this token, or a wrong token, finds nothing.
            let other = feed.path.replacingOccurrences(
                of: fixtures.child.id.uuidString,
                with: fixtures.teen.id.uuidString
            )
            #expect(try await context.client.get(other).status == .notFound)
            #expect(try await context.client.get(feed.path + "x").status == .notFound)
            // Revoked: gone at once.
            let revoked = try await context.client.send(
                .DELETE,
                "\(base)/calendar-feeds/\(feed.id)",
                token: fixtures.guardian.token
            )
            #expect(revoked.status == .noContent)
            #expect(try await context.client.get(feed.path).status == .notFound)
        }
    }

    @Test func aRemovedPlannersFeedReadsNothingAndAReadIsLogged() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let feed = try await Self.feed(context, of: fixtures.child.id, by: fixtures.planner.token)
            #expect(try await context.client.get(feed.path).status == .ok)
            let logged = try await AccessLogEntry.query(on: context.app.db)
                .filter(\.$subject.$id == fixtures.child.id).filter(\.$actor.$id == fixtures.planner.id)
                .filter(\.$route == "GET /api/v1/users/:userId/calendar.ics").count()
            #expect(logged == 1)
            let removed = try await context.client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(removed.status == .noContent)
            #expect(try await context.client.get(feed.path).status == .notFound)
        }
    }

    @Test func aPlannersFeedShowsTheTeensPrivateActivityOnlyAsBusy() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/users/\(fixtures.teen.id)"
            _ = try await context.client.post(
                "\(base)/activities",
                token: fixtures.teen.token,
                json: [
                    "title": "Therapy", "start": "2026-11-24T15:00", "private": true, "location": "Clinic",
                    "description": "Talk about school",
                ]
            )
            let planners = try await Self.feed(context, of: fixtures.teen.id, by: fixtures.planner.token)
            let own = try await Self.feed(context, of: fixtures.teen.id, by: fixtures.teen.token)
            let seen = Self.text(try await context.client.get(planners.path))
            #expect(seen.contains("SUMMARY:Busy") && seen.contains("CLASS:PRIVATE"))
            #expect(!seen.contains("Therapy") && !seen.contains("Clinic") && !seen.contains("school"))
            let mine = Self.text(try await context.client.get(own.path))
            #expect(mine.contains("SUMMARY:Therapy") && mine.contains("LOCATION:Clinic"))
        }
    }

    @Test func aRestrictedAccountsFeedAnswers403AndReadsAreRateLimited() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let feed = try await Self.feed(context, of: fixtures.child.id, by: fixtures.guardian.token)
            for _ in 0..<CalendarFeedsController.readsPerToken.free {
                #expect(try await context.client.get(feed.path).status == .ok)
            }
            let limited = try await context.client.get(feed.path)
            #expect(limited.status == .tooManyRequests && limited.isProblem)
            context.clock.advance(by: TimeInterval(CalendarFeedsController.readsPerToken.base))
            #expect(try await context.client.get(feed.path).status == .ok)
            context.clock.advance(by: TimeInterval(CalendarFeedsController.readsPerToken.forgetAfter))

            let child = try #require(try await User.find(fixtures.child.id, on: context.app.db))
            child.restrictedAt = context.clock.now
            try await child.update(on: context.app.db)
            await context.app.invalidateAccessCache()
            let restricted = try await context.client.get(feed.path)
            #expect(restricted.status == .forbidden && restricted.isProblem)
        }
    }

    @Test func aDeviceMakesNoFeedAndNobodyMakesMoreThanTen() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let path = "/api/v1/users/\(fixtures.child.id)/calendar-feeds"
            #expect(try await context.client.post(path, token: fixtures.child.token).status == .forbidden)
            for _ in 0..<CalendarFeedsController.maxFeeds {
                #expect(try await context.client.post(path, token: fixtures.viewer.token).status == .created)
            }
            let refused = try await context.client.post(path, token: fixtures.viewer.token)
            #expect(refused.status == .conflict && refused.isProblem)
            #expect(try await CalendarFeed.query(on: context.app.db).count() == CalendarFeedsController.maxFeeds)
        }
    }
}
