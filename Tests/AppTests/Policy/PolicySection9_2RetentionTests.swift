import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// Policy 9.2: personal data is kept at most 12 months after its purpose ended.
@Suite struct PolicySection9_2RetentionTests {
    static func months(_ count: Int, from date: Date) -> TimeInterval {
        Retention.adding(months: count, to: date).timeIntervalSince(date)
    }

    @Test func anUnusedAccountIsWarnedAMonthBeforeAndErasedAfterTwelveMonths() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let jobs = PrivacyJobs(app: context.app)
            let start = context.clock.now
            // Everyone but the stranger keeps using Mobilize.
            context.clock.advance(by: Self.months(11, from: start) + 3600)
            for person in [
                fixtures.guardian, fixtures.planner, fixtures.viewer, fixtures.teen, fixtures.schoolAdmin,
                fixtures.schoolStaff,
            ] {
                let user = try #require(try await User.find(person.id, on: context.app.db))
                user.lastActiveAt = context.clock.now
                try await user.update(on: context.app.db)
            }
            let first = try await jobs.run()
            #expect(first.erased == 0)
            #expect(first.warned >= 1)
            let sent = await context.mailer.sent
            let mail = try #require(sent.first { $0.to == "stan@example.org" && $0.subject.contains("Stan") })
            #expect(mail.body.contains("11"))
            #expect(try await jobs.run().warned == 0, "one warning only")

            context.clock.advance(by: Self.months(1, from: context.clock.now) + 3600)
            let second = try await jobs.run()
            #expect(second.erased >= 1)
            #expect(try await User.find(fixtures.stranger.id, on: context.app.db) == nil)
            #expect(try await User.find(fixtures.guardian.id, on: context.app.db) != nil)
        }
    }

    @Test func signingInAgainKeepsTheAccount() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let jobs = PrivacyJobs(app: context.app)
            context.clock.advance(by: Self.months(11, from: context.clock.now) + 3600)
            _ = try await jobs.run()
            #expect(await context.mailer.last(to: "stan@example.org") != nil)
            _ = try await context.client.login("stan@example.org")
            context.clock.advance(by: Self.months(2, from: context.clock.now))
            _ = try await jobs.run()
            #expect(try await User.find(fixtures.stranger.id, on: context.app.db) != nil)
        }
    }

    @Test func theGuardiansOfAChildWithoutLoginAreWarned() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            context.clock.advance(by: Self.months(11, from: context.clock.now) + 3600)
            _ = try await PrivacyJobs(app: context.app).run()
            let sent = await context.mailer.sent
            #expect(
                sent.contains { $0.to == "stan@example.org" && $0.subject.contains("Otto") },
                "Otto's only guardian"
            )
            _ = fixtures
        }
    }

    @Test func accessLogEntriesAreKeptTwelveMonths() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            let count = try await AccessLogEntry.query(on: context.app.db).count()
            context.clock.advance(by: Self.months(12, from: context.clock.now) - 3600)
            let planner = try await context.client.login("paul@example.org")
            #expect(try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: planner).status == .ok)
            #expect(try await PrivacyJobs(app: context.app).pruneAccessLog() == 0)
            context.clock.advance(by: 7200)
            #expect(try await PrivacyJobs(app: context.app).pruneAccessLog() == count)
            let left = try await AccessLogEntry.query(on: context.app.db).all()
            #expect(left.count == 1, "\(left.map { "\($0.seq ?? 0) \($0.at) \($0.route ?? "")" })")
            #expect(
                try await context.app.accessLogBreak() == nil,
                "the chain verifies from the oldest kept entry"
            )
            // Deleting the oldest kept entry as well is not pruning: it is found.
            try await AccessLogEntry.query(on: context.app.db).delete()
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: planner)
            #expect(try await context.app.accessLogBreak() != nil)
        }
    }

    @Test func theDailyRunHappensOnceADayAcrossInstances() async throws {
        try await withApp { context in
            let now = context.clock.now
            let first = try await JobRun.claim("privacy-daily", every: 23 * 3600, at: now, on: context.app.db)
            let again = try await JobRun.claim("privacy-daily", every: 23 * 3600, at: now + 60, on: context.app.db)
            let nextDay = try await JobRun.claim(
                "privacy-daily",
                every: 23 * 3600,
                at: now + 24 * 3600,
                on: context.app.db
            )
            #expect(first && !again && nextDay)
        }
    }
}
