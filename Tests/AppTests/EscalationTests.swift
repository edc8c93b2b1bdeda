import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// Confirmation and escalation in travelled time: an occurrence not marked done in time is told
/// once to the planners chosen for it (screen and mail), never to anyone else; one marked done is
/// not; a planner who left the circle is not told; the mail outbox tries a failing relay again
/// with growing pauses and gives up; and bad input changes nothing.
@Suite struct EscalationTests {
    typealias JSON = [String: any Sendable]
    typealias R = RemindersTests

    static func confirm(_ within: any Sendable, _ tell: [String]) -> JSON {
        ["withinMinutes": within, "tell": tell]
    }

    static func notices(_ context: TestContext) async throws -> [Notice] {
        try await Notice.query(on: context.app.db).sort(\.$createdAt).all()
    }

    @Test func anUnconfirmedOccurrenceIsToldOnceToTheChosenPlannersOnly() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let port = try await RealtimeTests.serve(context.app)
            try R.travel(context, to: "2026-11-25T05:00:00Z")
            // Medicine each morning at 8, to be marked done within 30 minutes; Gina is told.
            let medicine = try await R.activity(
                context, f.child.id, token: f.planner.token,
                [
                    "title": "Medicin", "start": "2026-11-25T08:00", "recurrence": "FREQ=DAILY;COUNT=3",
                    "confirmation": Self.confirm(30, [f.guardian.id.uuidString]),
                ]
            )
            let shown = try await context.client.get("/api/v1/users/\(f.child.id)/activities/\(medicine)", token: f.viewer.token)
            let confirmation = try #require(shown.json["confirmation"] as? JSON)
            #expect(confirmation["withinMinutes"] as? Int == 30)
            #expect(confirmation["tell"] as? [String] == [f.guardian.id.uuidString])
            try await context.app.reminders.run(app: context.app)
            #expect(try await R.written(context, f.child.id).contains("Medicin@2026-11-25T07:30:00Z --30"))

            let gina = try await RealtimeTests.Listener.open(port, token: f.guardian.token, on: context.app)
            let paul = try await RealtimeTests.Listener.open(port, token: f.planner.token, on: context.app)
            let tablet = try await RealtimeTests.Listener.open(port, token: f.child.token, on: context.app)
            // The start prompt at 8 goes to the child; at 8:30 nothing was ticked, so Gina hears of it.
            #expect(try await R.fires(context, at: "2026-11-25T07:00:00Z") == 1)
            #expect(try await R.fires(context, at: "2026-11-25T07:30:00Z") == 1)
            #expect(try await gina.wait { $0.contains { $0.contains(#""type":"escalation""#) } })
            let frame = try #require(gina.messages.first { $0.contains(#""type":"escalation""#) })
            let escalation = try #require((try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? JSON)?["escalation"] as? JSON)
            #expect(escalation["name"] as? String == "Ida" && escalation["title"] as? String == "Medicin")
            #expect(escalation["message"] as? String == "“Medicin” Wednesday 25 November at 08:00 isn’t marked as done in Ida’s plan yet.")
            // The mail is written down, and sent by the outbox to Gina's confirmed address, once.
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 1)
            let mail = try #require(await context.mailer.last(to: f.guardian.email!))
            #expect(mail.subject == "Ida: “Medicin” isn’t marked as done")
            #expect(mail.body.contains("just not ticked off") && mail.body.contains("/#/account"))
            // A restart in that minute fires it again: the screen may hear it twice (it shows it once
            // by its id), but no second mail is written.
            try await Reminder.query(on: context.app.db).filter(\.$offsetMinutes == -30)
                .filter(\.$occurrenceStart == "2026-11-25T08:00").set(\.$status, to: .firing)
                .set(\.$leaseUntil, to: context.clock.now.addingTimeInterval(-1)).update()
            context.clock.advance(by: 30)
            _ = try await context.app.reminders.run(app: context.app)
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 0)
            #expect(try await Self.notices(context).count == 1)
            try await Task.sleep(for: .milliseconds(200))
            #expect(!paul.messages.contains { $0.contains("escalation") })
            #expect(!tablet.messages.contains { $0.contains("escalation") })

            // Thursday: Ida ticks it off at 8:10, so nobody is told.
            try R.travel(context, to: "2026-11-26T07:10:00Z")
            let ticked = try await context.client.send(
                .PUT, "/api/v1/users/\(f.child.id)/activities/\(medicine)/occurrences/2026-11-26T08:00/state",
                token: f.child.token, json: ["state": "done"]
            )
            #expect(ticked.status == .ok)
            #expect(try await R.fires(context, at: "2026-11-26T07:30:00Z") == 0)
            #expect(try await R.statuses(context, f.child.id).contains("Medicin --30: dropped (confirmed)"))

            // Friday: Gina said no to mails; she is told on her screen only.
            let off = try await context.client.send(.PUT, "/api/v1/me/notice-settings", token: f.guardian.token, json: ["escalationMail": false, "escalationSms": false, "dailySummary": false, "serviceNews": true])
            #expect(off.status == .ok && off.json["escalationMail"] as? Bool == false)
            #expect(try await R.fires(context, at: "2026-11-27T07:00:00Z") == 1)
            #expect(try await R.fires(context, at: "2026-11-27T07:30:00Z") == 1)
            #expect(try await gina.wait { $0.filter { $0.contains(#""type":"escalation""#) }.count >= 2 })
            #expect(try await Self.notices(context).count == 1)
            await RealtimeTests.stop(context.app)
        }
    }

    @Test func aPlannerWhoLeftTheCircleIsNotTold() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try R.travel(context, to: "2026-11-25T05:00:00Z")
            _ = try await R.activity(
                context, f.child.id, token: f.guardian.token,
                ["title": "Medicin", "start": "2026-11-25T08:00", "confirmation": Self.confirm(15, [f.planner.id.uuidString])]
            )
            try await context.app.reminders.run(app: context.app)
            let removed = try await context.client.send(.DELETE, "/api/v1/users/\(f.child.id)/planners/\(f.planner.id)", token: f.guardian.token)
            #expect(removed.status == .noContent)
            #expect(try await R.fires(context, at: "2026-11-25T07:00:00Z") == 1)
            #expect(try await R.fires(context, at: "2026-11-25T07:15:00Z") == 0)
            #expect(try await R.statuses(context, f.child.id).last == "Medicin --15: dropped (nobodyToTell)")
            #expect(try await Self.notices(context).isEmpty)
        }
    }

    /// A relay that refuses the first `failures` mails.
    actor FlakyMailer: Mailer {
        var failures: Int
        private(set) var sent: [Mail] = []
        struct Refused: Error {}

        init(failures: Int) { self.failures = failures }

        func send(_ mail: Mail) async throws {
            if failures > 0 {
                failures -= 1
                throw Refused()
            }
            sent.append(mail)
        }
    }

    @Test func theOutboxTriesAgainWithGrowingPausesAndGivesUp() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let now = context.clock.now
            let flaky = FlakyMailer(failures: 2)
            context.app.mailer = flaky
            try await Outbox.enqueue(
                [
                    Outbox.Item(recipient: f.guardian.id, kind: "escalation", key: "a", subject: "One", body: "Body"),
                    Outbox.Item(recipient: f.guardian.id, kind: "escalation", key: "a", subject: "Again", body: "Body"),
                ],
                on: context.app.db, now: now
            )
            #expect(try await Self.notices(context).count == 1)
            var result = try await context.app.outbox.deliver(app: context.app, now: now)
            #expect(result == Outbox.Sent(sent: 0, retried: 1, failed: 0))
            var notice = try #require(try await Self.notices(context).first)
            #expect(notice.status == .queued && notice.attempts == 1 && notice.lastError == "Refused")
            #expect(abs(notice.nextAttemptAt.timeIntervalSince(now) - 30) < 1)
            // Not before its pause is over.
            #expect(try await context.app.outbox.deliver(app: context.app, now: now.addingTimeInterval(29)) == Outbox.Sent())
            result = try await context.app.outbox.deliver(app: context.app, now: now.addingTimeInterval(31))
            #expect(result.retried == 1)
            notice = try #require(try await Self.notices(context).first)
            #expect(notice.attempts == 2 && notice.nextAttemptAt > now.addingTimeInterval(31 + 119))
            context.clock.advance(by: 200)
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 1)
            #expect(await flaky.sent.map(\.subject) == ["One"])
            #expect(try await Self.notices(context).first?.status == .sent)

            // A relay that never answers well: six tries, then given up.
            let broken = FlakyMailer(failures: 100)
            context.app.mailer = broken
            try await Outbox.enqueue(
                [Outbox.Item(recipient: f.guardian.id, kind: "escalation", key: "b", subject: "Two", body: "Body")],
                on: context.app.db, now: context.clock.now
            )
            for _ in 0..<NoticeRetry.attempts {
                context.clock.advance(by: 3601)
                _ = try await context.app.outbox.deliver(app: context.app, now: context.clock.now)
            }
            let given = try #require(try await Notice.query(on: context.app.db).filter(\.$key == "b").first())
            #expect(given.status == .failed && given.attempts == NoticeRetry.attempts)
            // Nobody without a confirmed address is mailed: the child has none.
            try await Outbox.enqueue(
                [Outbox.Item(recipient: f.child.id, kind: "escalation", key: "c", subject: "Three", body: "Body")],
                on: context.app.db, now: context.clock.now
            )
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).failed == 1)
        }
    }

    @Test func badConfirmationsAndSettingsChangeNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try R.travel(context, to: "2026-11-25T05:00:00Z")
            let id = try await R.activity(context, f.child.id, token: f.guardian.token, ["title": "Medicin", "start": "2026-11-25T08:00"])
            let path = "/api/v1/users/\(f.child.id)/activities/\(id)"
            let gina = f.guardian.id.uuidString
            let eleven = (0..<11).map { _ in UUID().uuidString }
            let bad: [(JSON, String)] = [
                (["confirmation": Self.confirm(4, [gina])], "confirmation.withinMinutes"),
                (["confirmation": Self.confirm(241, [gina])], "confirmation.withinMinutes"),
                (["confirmation": Self.confirm(30, [])], "confirmation.tell"),
                (["confirmation": Self.confirm(30, [gina, gina])], "confirmation.tell"),
                (["confirmation": Self.confirm(30, eleven)], "confirmation.tell"),
                // Someone outside Ida's circle.
                (["confirmation": Self.confirm(30, [f.stranger.id.uuidString])], "confirmation.tell"),
                (["allDay": true, "confirmation": Self.confirm(30, [gina])], "confirmation"),
                (["confirmation": Self.confirm("30", [gina])], "confirmation"),
                (["confirmation": ["withinMinutes": 30] as JSON], "confirmation"),
            ]
            for (body, field) in bad {
                let answer = try await context.client.send(.PATCH, path, token: f.guardian.token, json: body)
                #expect(answer.status == .unprocessableEntity, "\(body)")
                #expect(answer.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect("\(answer.json)".contains(field), "\(body): \(answer.json)")
            }
            let unchanged = try await context.client.get(path, token: f.guardian.token)
            #expect(unchanged.json["confirmation"] is NSNull)
            // Set, then cleared with null.
            let set = try await context.client.send(.PATCH, path, token: f.guardian.token, json: ["confirmation": Self.confirm(20, [gina])])
            #expect(set.status == .ok)
            let cleared = try await context.client.send(.PATCH, path, token: f.guardian.token, json: ["confirmation": NSNull()])
            #expect(cleared.status == .ok && cleared.json["confirmation"] is NSNull)

            // Notice settings: one's own; a paired device has none; a bad body changes nothing.
            let mine = try await context.client.get("/api/v1/me/notice-settings", token: f.planner.token)
            #expect(mine.status == .ok && mine.json["escalationMail"] as? Bool == true)
            #expect(try await context.client.get("/api/v1/me/notice-settings", token: f.child.token).status == .forbidden)
            for body: JSON in [["escalationMail": "no"], ["escalationMail": true, "sms": true], [:]] {
                let answer = try await context.client.send(.PUT, "/api/v1/me/notice-settings", token: f.planner.token, json: body)
                #expect(answer.status.code >= 400 && answer.status.code < 500, "\(body)")
            }
            #expect(try await NoticeSettings.query(on: context.app.db).count() == 0)
        }
    }
}
