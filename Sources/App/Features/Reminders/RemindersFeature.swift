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
        app.lifecycle.use(ReminderLoop())
    }
}

/// Runs the scheduler while `mobilize serve` runs: the firing once a second (`REMINDER_TICK_MS`),
/// and beside it the writing down (nudged users each second, a sweep each minute).
struct ReminderLoop: LifecycleHandler {
    final class Loops: @unchecked Sendable {
        var tasks: [Task<Void, Never>] = []
    }

    let loops = Loops()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing, app.config.firesReminders else { return }
        let interval = Duration.milliseconds(app.config.reminderTickMilliseconds)
        loops.tasks = [
            Self.every(interval, app, "reminders not written down") { _ = try await app.reminders.writeDown(app: app) },
            // Just after each whole tick of the clock: reminders fall due at whole minutes.
            Self.every(interval, app, "reminders not fired", aligned: true) {
                _ = try await app.reminders.fire(app: app, now: app.clock.now)
            },
        ]
    }

    private static func every(
        _ interval: Duration,
        _ app: Application,
        _ failure: Logger.Message,
        aligned: Bool = false,
        _ work: @escaping @Sendable () async throws -> Void
    ) -> Task<Void, Never> {
        let period = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return Task {
            while !Task.isCancelled {
                do {
                    try await work()
                } catch {
                    app.logger.warning(failure, metadata: ["error": "\(String(reflecting: type(of: error)))"])
                }
                if aligned {
                    let now = app.clock.now.timeIntervalSince1970
                    let next = ((now / period).rounded(.down) + 1) * period + 0.005
                    try? await Task.sleep(for: .milliseconds(Int((next - now) * 1000)))
                } else {
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        for task in loops.tasks { task.cancel() }
        for task in loops.tasks { await task.value }
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
