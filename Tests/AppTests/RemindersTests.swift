import Fluent
import FluentPostgresDriver
import Foundation
import MobilizeCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Reminders in travelled time: each fires at its minute across daylight-saving changes, follows
/// an edit, never fires for a cancelled occurrence, fires once across a restart in its minute and
/// across two instances, is dropped rather than delivered after its occurrence ended, and keeps
/// the person's quiet hours, cap and blocked account. Then the settings over HTTP, and the frame
/// on a real socket.
@Suite struct RemindersTests {
    typealias JSON = [String: any Sendable]

    static func travel(_ context: TestContext, to iso: String) throws {
        let formatter = ISO8601DateFormatter()
        let target = try #require(formatter.date(from: iso))
        context.clock.advance(by: target.timeIntervalSince(context.clock.now))
    }

    static func activity(_ context: TestContext, _ user: UUID, token: String, _ body: JSON) async throws -> String {
        let made = try await context.client.post("/api/v1/users/\(user)/activities", token: token, json: body)
        #expect(made.status == .created, "\(made.json)")
        return try #require(made["id"])
    }

    /// The user's reminders as `title@due (offset) status`, by due time.
    static func written(_ context: TestContext, _ user: UUID) async throws -> [String] {
        let formatter = ISO8601DateFormatter()
        return try await Reminder.query(on: context.app.db).filter(\.$user.$id == user).with(\.$activity).sort(\.$dueAt)
            .all().map { "\($0.activity.title)@\(formatter.string(from: $0.dueAt)) -\($0.offsetMinutes)" }
    }

    static func statuses(_ context: TestContext, _ user: UUID) async throws -> [String] {
        try await Reminder.query(on: context.app.db).filter(\.$user.$id == user).with(\.$activity).sort(\.$dueAt).all()
            .map { "\($0.activity.title) -\($0.offsetMinutes): \($0.status.rawValue)\($0.reason.map { " (\($0))" } ?? "")" }
    }

    /// Runs the scheduler one second before `iso` (nothing of that minute fires) and at it.
    static func fires(_ context: TestContext, at iso: String) async throws -> Int {
        let formatter = ISO8601DateFormatter()
        let target = try #require(formatter.date(from: iso))
        context.clock.advance(by: target.timeIntervalSince(context.clock.now) - 1)
        let early = try await context.app.reminders.run(app: context.app)
        #expect(early.delivered == 0, "nothing before \(iso)")
        context.clock.advance(by: 1)
        return try await context.app.reminders.run(app: context.app).delivered
    }

    @Test func remindersFireAtTheirMinuteAcrossDaylightSaving() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            // Copenhagen springs forward on 28 March 2027 (02:00 becomes 03:00).
            try Self.travel(context, to: "2027-03-27T03:00:00Z")
            // Months later: the guardian signs in again.
            var guardian = try await context.client.login(try #require(f.guardian.email))
            _ = try await Self.activity(
                context, child, token: guardian,
                ["title": "Breakfast", "start": "2027-03-27T08:00", "recurrence": "FREQ=DAILY;COUNT=2", "reminders": [10]]
            )
            // At 02:30, which does not exist that night: it is read as 03:30 summer time.
            _ = try await Self.activity(context, child, token: guardian, ["title": "Pill", "start": "2027-03-28T02:30"])
            try await context.app.reminders.run(app: context.app)
            #expect(
                try await Self.written(context, child) == [
                    "Breakfast@2027-03-27T06:50:00Z -10", "Breakfast@2027-03-27T07:00:00Z -0",
                    "Pill@2027-03-28T01:30:00Z -0",
                    "Breakfast@2027-03-28T05:50:00Z -10", "Breakfast@2027-03-28T06:00:00Z -0",
                ]
            )
            for due in ["2027-03-27T06:50:00Z", "2027-03-27T07:00:00Z", "2027-03-28T01:30:00Z", "2027-03-28T05:50:00Z", "2027-03-28T06:00:00Z"] {
                #expect(try await Self.fires(context, at: due) == 1, "one at \(due)")
            }

            // Autumn: 31 October 2027, 03:00 becomes 02:00 again; 02:30 happens twice and is reminded of once.
            try Self.travel(context, to: "2027-10-29T12:00:00Z")
            guardian = try await context.client.login(try #require(f.guardian.email))
            _ = try await Self.activity(
                context, child, token: guardian,
                ["title": "Night pill", "start": "2027-10-30T02:30", "recurrence": "FREQ=DAILY;COUNT=3"]
            )
            for due in ["2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"] {
                #expect(try await Self.fires(context, at: due) == 1, "one at \(due)")
            }
            try Self.travel(context, to: "2027-11-02T00:00:00Z")
            #expect(try await context.app.reminders.run(app: context.app).delivered == 0)
            let nights = try await Self.statuses(context, child).filter { $0.hasPrefix("Night pill") }
            #expect(nights == Array(repeating: "Night pill -0: delivered", count: 3))
        }
    }

    @Test func anEditMovesTheRemindersAndACancelledOccurrenceNeverFires() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            try Self.travel(context, to: "2026-11-19T06:00:00Z")
            let swim = try await Self.activity(
                context, child, token: f.guardian.token, ["title": "Swim", "start": "2026-11-19T10:00", "reminders": [15]]
            )
            try await context.app.reminders.run(app: context.app)
            #expect(try await Self.written(context, child) == ["Swim@2026-11-19T08:45:00Z -15", "Swim@2026-11-19T09:00:00Z -0"])

            // Moved an hour later (and the reminder made 20 minutes): the old minutes never fire.
            let moved = try await context.client.send(
                .PATCH, "/api/v1/users/\(child)/activities/\(swim)", token: f.guardian.token,
                json: ["start": "2026-11-19T11:00", "reminders": [20]]
            )
            #expect(moved.status == .ok)
            try await context.app.reminders.run(app: context.app)
            #expect(try await Self.written(context, child) == ["Swim@2026-11-19T09:40:00Z -20", "Swim@2026-11-19T10:00:00Z -0"])
            try Self.travel(context, to: "2026-11-19T09:00:00Z")
            #expect(try await context.app.reminders.run(app: context.app).delivered == 0)
            #expect(try await Self.fires(context, at: "2026-11-19T09:40:00Z") == 1)

            // A daily one whose Tuesday is cancelled by a planner: Monday fires, Tuesday does not.
            let reading = try await Self.activity(
                context, child, token: f.guardian.token,
                ["title": "Reading", "start": "2026-11-19T18:00", "recurrence": "FREQ=DAILY;COUNT=2"]
            )
            let cancelled = try await context.client.send(
                .PUT, "/api/v1/users/\(child)/activities/\(reading)/occurrences/2026-11-20T18:00/state",
                token: f.guardian.token, json: ["state": "cancelled"]
            )
            #expect(cancelled.status == .ok)
            #expect(try await Self.fires(context, at: "2026-11-19T17:00:00Z") == 1)
            #expect(try await Self.fires(context, at: "2026-11-20T17:00:00Z") == 0)
            #expect(try await Self.statuses(context, child).last == "Reading -0: dropped (changed)")

            // Deleted: its reminders go with it.
            try Self.travel(context, to: "2026-11-21T06:00:00Z")
            let gym = try await Self.activity(context, child, token: f.guardian.token, ["title": "Gym", "start": "2026-11-21T10:00"])
            try await context.app.reminders.run(app: context.app)
            #expect(try await context.client.send(.DELETE, "/api/v1/users/\(child)/activities/\(gym)", token: f.guardian.token).status == .noContent)
            #expect(try await Self.fires(context, at: "2026-11-21T09:00:00Z") == 0)
            #expect(try await Self.written(context, child).allSatisfy { !$0.hasPrefix("Gym") })
        }
    }

    @Test func everyActivityOfABusyPlanIsWrittenDownByTheNudgeAndByTheSweep() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try Self.travel(context, to: "2026-11-19T06:00:00Z")
            // More than one batch of activities, for the child (nudged) and the teen (found by the sweep).
            for user in [f.child.id, f.teen.id] {
                let activities = (0..<(ReminderScheduler.writeBatch * 2 + 30)).map { n in
                    Activity(
                        user: user, createdBy: f.guardian.id, title: "Item \(n)",
                        start: "2026-11-19T\(String(format: "%02d", 9 + n / 60)):\(String(format: "%02d", n % 60))",
                        timeZone: "Europe/Copenhagen", now: context.clock.now
                    )
                }
                try await activities.create(on: context.app.db)
            }
            context.app.reminders.nudge(f.child.id)
            try await context.app.reminders.run(app: context.app)
            let expected = ReminderScheduler.writeBatch * 2 + 30
            #expect(try await Reminder.query(on: context.app.db).filter(\.$user.$id == f.child.id).count() == expected)
            #expect(try await Reminder.query(on: context.app.db).filter(\.$user.$id == f.teen.id).count() == expected)
        }
    }

    @Test func aRestartInTheDueMinuteFiresOnceAndDowntimePastTheEndDrops() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            try Self.travel(context, to: "2026-11-22T06:00:00Z")
            _ = try await Self.activity(context, child, token: f.guardian.token, ["title": "Bus", "start": "2026-11-22T10:00"])
            try await context.app.reminders.run(app: context.app)

            // This instance takes the reminder in its minute and stops before delivering it.
            try Self.travel(context, to: "2026-11-22T09:00:00Z")
            let taken = try await context.app.reminders.claim(db: context.app.db, through: context.clock.now, now: context.clock.now)
            #expect(taken.count == 1)
            try await withSecondInstance(of: context) { (restarted: Application) async throws in
                context.clock.advance(by: 5)
                #expect(try await restarted.reminders.run(app: restarted).delivered == 0, "still held")
                context.clock.advance(by: ReminderScheduler.lease)
                #expect(try await restarted.reminders.run(app: restarted).delivered == 1, "taken over once the lease ran out")
                context.clock.advance(by: 60)
                #expect(try await restarted.reminders.run(app: restarted).delivered == 0)
                #expect(try await context.app.reminders.run(app: context.app).delivered == 0, "the first instance, back")
            }
            #expect(try await Self.statuses(context, child) == ["Bus -0: delivered"])

            // Down from before a reminder until after its activity ended: dropped, not delivered late.
            // Down only until the activity is under way: the reminder still helps, and comes.
            _ = try await Self.activity(
                context, child, token: f.guardian.token,
                ["title": "Lunch", "start": "2026-11-22T12:00", "durationMinutes": 30, "reminders": [10]]
            )
            _ = try await Self.activity(
                context, child, token: f.guardian.token,
                ["title": "Walk", "start": "2026-11-22T14:00", "durationMinutes": 60, "reminders": [10]]
            )
            try await context.app.reminders.run(app: context.app)
            try Self.travel(context, to: "2026-11-22T11:45:00Z")
            #expect(try await context.app.reminders.run(app: context.app) == .init(written: 0, delivered: 0, dropped: 2))
            try Self.travel(context, to: "2026-11-22T13:20:00Z")
            #expect(try await context.app.reminders.run(app: context.app).delivered == 2)
            #expect(
                try await Self.statuses(context, child) == [
                    "Bus -0: delivered", "Lunch -10: dropped (ended)", "Lunch -0: dropped (ended)",
                    "Walk -10: delivered", "Walk -0: delivered",
                ]
            )
        }
    }

    @Test func remindersTakenAheadAreToldAtTheirMomentNotBefore() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let port = try await RealtimeTests.serve(context.app)
            try Self.travel(context, to: "2026-11-24T06:00:00Z")
            for n in 0..<3 {
                _ = try await Self.activity(context, f.child.id, token: f.guardian.token, ["title": "Task \(n)", "start": "2026-11-24T10:00"])
            }
            try await context.app.reminders.run(app: context.app)
            let tablet = try await RealtimeTests.Listener.open(port, token: f.child.token, on: context.app)
            // Three seconds before 10:00 the firing takes and decides all three, and tells none yet.
            try Self.travel(context, to: "2026-11-24T08:59:57Z")
            let now = try await context.app.reminders.fire(app: context.app, now: context.clock.now, ahead: 5)
            #expect(now.delivered == 0 && now.dropped == 0)
            #expect(try await Reminder.query(on: context.app.db).filter(\.$status == .firing).count() == 3)
            try await Task.sleep(for: .milliseconds(300))
            #expect(!tablet.messages.contains { $0.contains(#""type":"reminder""#) })
            // Its moment: told, and marked at it.
            context.clock.advance(by: 3)
            #expect(try await tablet.wait { $0.filter { $0.contains(#""type":"reminder""#) }.count == 3 })
            for _ in 0..<200 where try await Reminder.query(on: context.app.db).filter(\.$status == .delivered).count() < 3 {
                try await Task.sleep(for: .milliseconds(25))
            }
            let marked = try await Reminder.query(on: context.app.db).filter(\.$status == .delivered).all()
            #expect(marked.count == 3 && marked.allSatisfy { ($0.firedAt ?? .distantPast) >= $0.dueAt })
            // A later pass takes none of them again.
            #expect(try await context.app.reminders.fire(app: context.app, now: context.clock.now, ahead: 5) == (0, 0))
            await RealtimeTests.stop(context.app)
        }
    }

    @Test func twoInstancesFireEachReminderOnce() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try Self.travel(context, to: "2026-11-23T06:00:00Z")
            for user in [f.child.id, f.teen.id] {
                let most = try await context.client.send(
                    .PUT, "/api/v1/users/\(user)/reminder-settings", token: f.guardian.token,
                    json: ["sound": true, "speech": false, "atStart": true, "perHour": 30]
                )
                #expect(most.status == .ok)
            }
            for n in 0..<40 {
                _ = try await Self.activity(
                    context, n % 2 == 0 ? f.child.id : f.teen.id, token: f.guardian.token,
                    ["title": "Task \(n)", "start": "2026-11-23T10:00"]
                )
            }
            try await context.app.reminders.run(app: context.app)
            try Self.travel(context, to: "2026-11-23T09:00:00Z")
            try await withSecondInstance(of: context) { (second: Application) async throws in
                async let one = context.app.reminders.run(app: context.app)
                async let two = second.reminders.run(app: second)
                let (a, b) = try await (one, two)
                #expect(a.delivered + b.delivered == 40, "\(a.delivered) + \(b.delivered)")
                #expect(try await context.app.reminders.run(app: context.app).delivered == 0)
                #expect(try await second.reminders.run(app: second).delivered == 0)
            }
            let delivered = try await Reminder.query(on: context.app.db).filter(\.$status == .delivered).count()
            #expect(delivered == 40)
        }
    }

    @Test func quietHoursTheCapTheStartPromptAndABlockedAccountAreKept() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let child = f.child.id
            let settings = "/api/v1/users/\(child)/reminder-settings"
            let changed = try await context.client.send(
                .PUT, settings, token: f.guardian.token,
                json: ["quietHours": ["from": "06:00", "until": "08:00"], "sound": true, "speech": true, "atStart": true, "perHour": 2]
            )
            #expect(changed.status == .ok)
            try Self.travel(context, to: "2026-11-24T05:00:00Z")
            // 08:00 local: its 07:50 reminder falls in the quiet hours, the start does not.
            _ = try await Self.activity(context, child, token: f.guardian.token, ["title": "Dress", "start": "2026-11-24T08:00", "reminders": [10]])
            // Three at noon (local, 11:00Z): two an hour at most.
            for title in ["A", "B", "C"] {
                _ = try await Self.activity(context, child, token: f.guardian.token, ["title": title, "start": "2026-11-24T12:00"])
            }
            try await context.app.reminders.run(app: context.app)
            #expect(try await Self.fires(context, at: "2026-11-24T06:50:00Z") == 0)
            #expect(try await Self.fires(context, at: "2026-11-24T07:00:00Z") == 1)
            #expect(try await Self.fires(context, at: "2026-11-24T11:00:00Z") == 2)
            let noon = try await Self.statuses(context, child)
            #expect(noon.first == "Dress -10: dropped (quiet)")
            #expect(noon.filter { $0.hasSuffix("dropped (tooMany)") }.count == 1)

            // No start prompt: only an activity's own reminders come.
            _ = try await context.client.send(
                .PUT, settings, token: f.guardian.token, json: ["sound": true, "speech": false, "atStart": false, "perHour": 6]
            )
            _ = try await Self.activity(context, child, token: f.guardian.token, ["title": "Snack", "start": "2026-11-24T15:00", "reminders": [5]])
            try await context.app.reminders.run(app: context.app)
            #expect(try await Self.fires(context, at: "2026-11-24T13:55:00Z") == 1)
            #expect(try await Self.fires(context, at: "2026-11-24T14:00:00Z") == 0)
            #expect(try await Self.statuses(context, child).last == "Snack -0: dropped (startOff)")

            // A blocked account is not reminded.
            _ = try await Self.activity(context, child, token: f.guardian.token, ["title": "Bath", "start": "2026-11-24T18:00", "reminders": [5]])
            try await context.app.reminders.run(app: context.app)
            let user = try #require(try await User.find(child, on: context.app.db))
            user.restrictedAt = context.clock.now
            try await user.save(on: context.app.db)
            #expect(try await Self.fires(context, at: "2026-11-24T16:55:00Z") == 0)
            #expect(try await Self.statuses(context, child).contains("Bath -5: dropped (blocked)"))
        }
    }

    @Test func settingsAreThePlannersAndBadInputChangesNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let path = "/api/v1/users/\(f.child.id)/reminder-settings"
            let defaults = try await context.client.get(path, token: f.child.token)
            #expect(defaults.status == .ok)
            #expect(defaults.json["sound"] as? Bool == true && defaults.json["speech"] as? Bool == false)
            #expect(defaults.json["atStart"] as? Bool == true && defaults.json["perHour"] as? Int == ReminderRules.defaultPerHour)
            #expect(defaults.json["quietHours"] == nil || defaults.json["quietHours"] is NSNull)

            let body: JSON = ["quietHours": ["from": "21:00", "until": "07:00"], "sound": false, "speech": true, "atStart": true, "perHour": 3]
            #expect(try await context.client.send(.PUT, path, token: f.child.token, json: body).status == .forbidden)
            #expect(try await context.client.send(.PUT, path, token: f.viewer.token, json: body).status == .forbidden)
            #expect(try await context.client.send(.PUT, path, token: f.stranger.token, json: body).status == .notFound)
            let saved = try await context.client.send(.PUT, path, token: f.guardian.token, json: body)
            #expect(saved.status == .ok)
            #expect((saved.json["quietHours"] as? JSON)?["from"] as? String == "21:00")

            for bad: JSON in [
                ["sound": true, "speech": true, "atStart": true, "perHour": 0],
                ["sound": true, "speech": true, "atStart": true, "perHour": 31],
                ["quietHours": ["from": "25:00", "until": "07:00"], "sound": true, "speech": true, "atStart": true, "perHour": 3],
                ["quietHours": ["from": "07:00", "until": "07:00"], "sound": true, "speech": true, "atStart": true, "perHour": 3],
                ["quietHours": ["from": "7:00", "until": "08:00"], "sound": true, "speech": true, "atStart": true, "perHour": 3],
                ["sound": true, "speech": true, "atStart": true, "perHour": 3, "volume": 11],
                ["sound": "loud", "speech": true, "atStart": true, "perHour": 3],
                ["speech": true, "atStart": true, "perHour": 3],
            ] {
                let refused = try await context.client.send(.PUT, path, token: f.guardian.token, json: bad)
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect(refused.isProblem)
            }
            let after = try await context.client.get(path, token: f.viewer.token)
            #expect(after.json["sound"] as? Bool == false && after.json["perHour"] as? Int == 3)
        }
    }

    @Test func aDueReminderReachesTheUsersOwnScreensOnce() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            // On PostgreSQL the reminder goes round through NOTIFY, as between instances.
            let listener = try TestDatabase.postgresURL.map {
                NoticeListener(
                    configuration: try SQLPostgresConfiguration(url: $0).coreConfiguration,
                    channels: Composition.noticeChannels
                )
            }
            if let listener {
                listener.start(context.app)
                for _ in 0..<200 where !listener.loop.isListening(to: RealtimeHub.channel) { try await Task.sleep(for: .milliseconds(25)) }
                #expect(listener.loop.isListening(to: RealtimeHub.channel))
            }
            let port = try await RealtimeTests.serve(context.app)
            try Self.travel(context, to: "2026-11-25T06:00:00Z")
            _ = try await Self.activity(
                context, f.child.id, token: f.guardian.token, ["title": "Swimming bag", "start": "2026-11-25T10:00", "reminders": [30]]
            )
            try await context.app.reminders.run(app: context.app)
            let tablet = try await RealtimeTests.Listener.open(port, token: f.child.token, on: context.app)
            let parent = try await RealtimeTests.Listener.open(port, token: f.guardian.token, on: context.app)
            #expect(try await Self.fires(context, at: "2026-11-25T08:30:00Z") == 1)
            #expect(try await tablet.wait { $0.contains { $0.contains(#""type":"reminder""#) && $0.contains("Swimming bag") } })
            let frame = try #require(tablet.messages.first { $0.contains(#""type":"reminder""#) })
            let json = try #require(try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? JSON)
            let reminder = try #require(json["reminder"] as? JSON)
            #expect(reminder["minutesBefore"] as? Int == 30 && reminder["occurrenceStart"] as? String == "2026-11-25T10:00")
            #expect(reminder["sound"] as? Bool == true && reminder["language"] as? String == "da")
            // Delivered once: a later pass sends nothing more; the parent's screen is not the child's.
            context.clock.advance(by: 30)
            _ = try await context.app.reminders.run(app: context.app)
            try await Task.sleep(for: .milliseconds(200))
            #expect(tablet.messages.filter { $0.contains(#""type":"reminder""#) }.count == 1)
            #expect(!parent.messages.contains { $0.contains(#""type":"reminder""#) })
            await RealtimeTests.stop(context.app)
            await listener?.shutdownAsync(context.app)
        }
    }
}
