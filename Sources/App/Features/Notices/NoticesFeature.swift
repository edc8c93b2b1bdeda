import Fluent
import Vapor

/// Notices: mails and text messages to people through an outbox that survives a restart and a
/// relay or gateway that is down (tried again with growing pauses), phone numbers proved with a
/// code, and how each person wants to be told.
enum NoticesFeature: Feature {
    static var migrations: [any Migration] {
        [CreateNotices(), UpdateNoticesAddSummaryAndNews(), CreatePhoneNumbers(), UpdateNoticesForAccountMails()]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: NoticesData.declarations, readers: NoticesData.readers)
    }
    static var routes: [any RouteCollection] { [NoticesController(), PhoneController()] }
    static var commands: [(name: String, command: any AsyncCommand)] { [("service-notice", ServiceNoticeCommand())] }
    static var jobs: [BackgroundJob] {
        [
            BackgroundJob(name: "notices") { app in try await Outbox.prune(on: app.db, now: app.clock.now) },
            BackgroundJob(name: "daily summaries") { app in _ = try await DailySummary.run(app: app, now: app.clock.now) },
        ]
    }

    static func configure(_ app: Application) throws {
        app.outbox = Outbox()
        if let gateway = app.config.sms {
            app.sms = SMSSender(gateway: gateway, eventLoopGroup: app.eventLoopGroup)
            app.lifecycle.use(SMSShutdown())
        }
        app.lifecycle.use(RepeatingWork { app in
            [
                RepeatingWork.every(.milliseconds(app.config.reminderTickMilliseconds), app, "notices not sent") {
                    try await app.outbox.deliver(app: app, now: app.clock.now)
                }
            ]
        })
    }
}
