import Vapor

/// The tools' commands of the `mobilize` executable.
public enum Tools {
    public static func register(in app: Application) {
        app.asyncCommands.use(DemoCommand(), as: "demo")
        app.asyncCommands.use(BenchSeedCommand(), as: "seed-bench")
        app.asyncCommands.use(PlanBenchCommand(), as: "bench-plan")
        app.asyncCommands.use(ChatBenchCommand(), as: "bench-chat")
        app.asyncCommands.use(ReminderBenchCommand(), as: "bench-reminders")
    }
}
