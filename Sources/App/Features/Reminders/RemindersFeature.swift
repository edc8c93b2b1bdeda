import Fluent
import Vapor

/// Reminders: each activity's reminders and its start, written down ahead and fired at their
/// minute on the user's open screens, once, gently (quiet hours, a cap per hour).
enum RemindersFeature: Feature {
    static var migrations: [any Migration] { [CreateReminders()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: RemindersData.declarations, readers: RemindersData.readers)
    }
    static var routes: [any RouteCollection] { [RemindersController()] }
    static var jobs: [BackgroundJob] {
        [BackgroundJob(name: "reminders") { app in try await ReminderScheduler.prune(on: app.db, now: app.clock.now) }]
    }

    static func configure(_ app: Application) throws {
        let scheduler = ReminderScheduler()
        app.reminders = scheduler
        app.realtime.onPlanChanged { [weak scheduler] user in scheduler?.nudge(user) }
        ReminderNews.register(on: app, instance: scheduler.instance)
        // While serving: the firing once a second (`REMINDER_TICK_MS`), just after the whole
        // second (reminders fall due at whole minutes), taking them a few seconds ahead
        // (`REMINDER_LOOKAHEAD_MS`), and beside it the writing down (nudged
        // users each second, a sweep each minute), so that a long sweep never holds a firing back.
        app.lifecycle.use(RepeatingWork { app in
            guard app.config.firesReminders else { return [] }
            let interval = Duration.milliseconds(app.config.reminderTickMilliseconds)
            return [
                RepeatingWork.every(interval, app, "reminders not written down") {
                    _ = try await app.reminders.writeDown(app: app)
                },
                RepeatingWork.every(interval, app, "reminders not fired", aligned: true) {
                    _ = try await app.reminders.fire(
                        app: app, now: app.clock.now, ahead: Double(app.config.reminderLookaheadMilliseconds) / 1000
                    )
                },
            ]
        })
    }
}

extension Application {
    private struct SchedulerKey: StorageKey { typealias Value = ReminderScheduler }

    /// Set once by `configure`, before any request.
    var reminders: ReminderScheduler {
        get {
            guard let scheduler = storage[SchedulerKey.self] else { fatalError("configure(_:) sets the reminder scheduler") }
            return scheduler
        }
        set { storage[SchedulerKey.self] = newValue }
    }
}
