import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// Mail notices in travelled time: a planner's daily summary comes once an evening with only what
/// was done (never a private activity, never what was not done); service notices reach everyone
/// with a confirmed address, once per notice, and a non-essential one's link unsubscribes.
@Suite struct NoticesTests {
    typealias JSON = [String: any Sendable]
    typealias R = RemindersTests

    static func settings(_ escalation: Bool, summary: Bool, news: Bool) -> JSON {
        ["escalationMail": escalation, "escalationSms": false, "dailySummary": summary, "serviceNews": news]
    }

    @Test func aDailySummaryTellsWhatWasDoneOnceAnEvening() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try R.travel(context, to: "2026-11-25T05:00:00Z")
            let on = try await context.client.send(.PUT, "/api/v1/me/notice-settings", token: f.guardian.token, json: Self.settings(true, summary: true, news: true))
            #expect(on.status == .ok && on.json["dailySummary"] as? Bool == true)
            let medicine = try await R.activity(context, f.child.id, token: f.guardian.token, ["title": "Medicin", "start": "2026-11-25T08:00"])
            _ = try await R.activity(context, f.child.id, token: f.guardian.token, ["title": "Reading", "start": "2026-11-25T18:00"])
            let football = try await R.activity(context, f.teen.id, token: f.teen.token, ["title": "Football", "start": "2026-11-25T16:00"])
            let diary = try await R.activity(context, f.teen.id, token: f.teen.token, ["title": "Diary", "start": "2026-11-25T17:00", "private": true])
            for (user, id, start, token) in [
                (f.child.id, medicine, "2026-11-25T08:00", f.child.token), (f.teen.id, football, "2026-11-25T16:00", f.teen.token),
                (f.teen.id, diary, "2026-11-25T17:00", f.teen.token),
            ] {
                let done = try await context.client.send(
                    .PUT, "/api/v1/users/\(user)/activities/\(id)/occurrences/\(start)/state", token: token, json: ["state": "done"]
                )
                #expect(done.status == .ok)
            }
            // 18:59 in Copenhagen: not yet.
            try R.travel(context, to: "2026-11-25T17:59:00Z")
            #expect(try await DailySummary.run(app: context.app, now: context.clock.now) == 0)
            try R.travel(context, to: "2026-11-25T18:00:00Z")
            #expect(try await DailySummary.run(app: context.app, now: context.clock.now) == 1)
            #expect(try await DailySummary.run(app: context.app, now: context.clock.now) == 0)
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 1)
            let mail = try #require(await context.mailer.last(to: f.guardian.email!))
            #expect(mail.subject == "Today, Wednesday 25 November")
            #expect(mail.body.contains("Ida\n  08:00 Medicin") && mail.body.contains("Tove\n  16:00 Football"), "\(mail.body)")
            // Only what was done; a private activity stays the teen's own.
            #expect(!mail.body.contains("Reading") && !mail.body.contains("Diary"))
            #expect(mail.body.contains("/#/account"))
            // Paul did not ask for one.
            #expect(await context.mailer.last(to: f.planner.email!) == nil)
            // Off and on again the same evening: no second one. The next evening, a new one.
            _ = try await context.client.send(.PUT, "/api/v1/me/notice-settings", token: f.guardian.token, json: Self.settings(true, summary: false, news: true))
            _ = try await context.client.send(.PUT, "/api/v1/me/notice-settings", token: f.guardian.token, json: Self.settings(true, summary: true, news: true))
            #expect(try await DailySummary.run(app: context.app, now: context.clock.now) == 0)
            try R.travel(context, to: "2026-11-26T18:30:00Z")
            #expect(try await DailySummary.run(app: context.app, now: context.clock.now) == 1)
            #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 1)
            let next = try #require(await context.mailer.last(to: f.guardian.email!))
            #expect(next.body.contains("Ida\n  Nothing marked today."))
        }
    }

    @Test func serviceNoticesReachEveryoneOnceAndUnsubscribeWorks() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let app = context.app
            let update = ServiceNotices.Message(
                id: "update-1", essential: false, subject: [.da: "Nyt i Mobilize", .en: "New in Mobilize"],
                body: [.da: "Nu kan aftaler bekræftes.", .en: "Activities can now be confirmed."]
            )
            // Seven people have a confirmed address; the child has none.
            #expect(try await ServiceNotices.send(update, app: app, now: context.clock.now) == 7)
            #expect(try await ServiceNotices.send(update, app: app, now: context.clock.now) == 7)
            #expect(try await Notice.query(on: app.db).filter(\.$kind == "service").count() == 7)
            #expect(try await app.outbox.deliver(app: app, now: context.clock.now).sent == 7)
            let mail = try #require(await context.mailer.last(to: f.viewer.email!))
            #expect(mail.subject == "New in Mobilize" && mail.body.contains("Activities can now be confirmed."))
            let link = try #require(mail.body.split(separator: "\n").first { $0.contains("#/unsubscribe?token=") })
            let token = String(try #require(link.split(separator: "=").last))
            // The link unsubscribes Vera (no sign-in); a wrong or malformed token changes nothing.
            for body: JSON in [["token": "x"], ["token": String(repeating: "a", count: 43)], ["token": 5], [:]] {
                let refused = try await context.client.post("/api/v1/notices/unsubscribe", json: body)
                #expect(refused.status.code >= 400 && refused.status.code < 500, "\(body)")
            }
            #expect(try await NoticeSettings.query(on: app.db).count() == 0)
            let done = try await context.client.post("/api/v1/notices/unsubscribe", json: ["token": token])
            #expect(done.status == .noContent)
            let vera = try await context.client.get("/api/v1/me/notice-settings", token: f.viewer.token)
            #expect(vera.json["serviceNews"] as? Bool == false && vera.json["escalationMail"] as? Bool == true)
            // The next update passes her by; news of downtime reaches her all the same.
            let second = ServiceNotices.Message(id: "update-2", essential: false, subject: [.da: "A", .en: "B"], body: [.da: "C", .en: "D"])
            #expect(try await ServiceNotices.send(second, app: app, now: context.clock.now) == 6)
            let downtime = ServiceNotices.Message(
                id: "down-1", essential: true, subject: [.da: "Driftsstop", .en: "Downtime"], body: [.da: "Søndag.", .en: "Sunday."]
            )
            #expect(try await ServiceNotices.send(downtime, app: app, now: context.clock.now) == 7)
            _ = try await app.outbox.deliver(app: app, now: context.clock.now)
            let essential = try #require(await context.mailer.last(to: f.viewer.email!))
            #expect(essential.subject == "Downtime" && !essential.body.contains("unsubscribe"))
        }
    }

    /// Account mails and invitations are notices too: written down, sent at once, and sent later
    /// when the relay was down; their links are not kept once sent; an invitation to an address
    /// without an account goes with the address when its owner is erased.
    @Test func accountMailsAndInvitationsGoThroughTheOutbox() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let app = context.app
            let flaky = EscalationTests.FlakyMailer(failures: 1)
            app.mailer = flaky
            let registered = try await context.client.post(
                "/api/v1/auth/register",
                json: ["email": "mette@example.com", "password": AccountsTests.password, "name": "Mette"]
            )
            #expect(registered.status == .created)
            // The relay refused it: the account is made, and the mail waits.
            #expect(await flaky.sent.isEmpty)
            var notice = try #require(try await Notice.query(on: app.db).filter(\.$kind == "account").first())
            #expect(notice.status == .queued && notice.address == "mette@example.com" && notice.$recipient.id != nil)
            context.clock.advance(by: 31)
            #expect(try await app.outbox.deliver(app: app, now: context.clock.now).sent == 1)
            let mail = try #require(await flaky.sent.first)
            #expect(mail.to == "mette@example.com" && mail.body.contains("/#/verify?token="))
            notice = try #require(try await Notice.find(notice.id, on: app.db))
            #expect(notice.status == .sent && notice.body.isEmpty && notice.subject == mail.subject)

            app.mailer = context.mailer
            let invited = try await context.client.post(
                "/api/v1/users/\(f.child.id)/invitations",
                token: f.guardian.token,
                json: ["email": "ole@example.org", "role": "viewer"]
            )
            #expect(invited.status == .created)
            #expect(await context.mailer.last(to: "ole@example.org") != nil)
            let invitation = try #require(
                try await Notice.query(on: app.db).filter(\.$address == "ole@example.org").first()
            )
            #expect(invitation.kind == "invitation" && invitation.$recipient.id == nil && invitation.body.isEmpty)
            let ole = User(
                email: "ole@example.org", name: "Ole", locale: .en, app: .me, timeZone: "Europe/Copenhagen",
                activeAt: context.clock.now
            )
            try await ole.create(on: app.db)
            try await Eraser(app: app).erase(try ole.requireID())
            #expect(try await Notice.query(on: app.db).filter(\.$address == "ole@example.org").count() == 0)
        }
    }
}
