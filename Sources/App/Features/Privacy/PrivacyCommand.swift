import Vapor

/// `mobilize privacy run`: the daily privacy run now (erasures due, retention, pruning).
struct PrivacyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
    }

    var help: String { "Runs the daily privacy job now: `mobilize privacy run`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw ConfigError(variable: "action", problem: "must be run") }
        let report = try await PrivacyJobs(app: context.application).run()
        context.console.print(
            "Erased \(report.erased) accounts, warned \(report.warned), pruned \(report.accessLogPruned) access-log entries, "
                + "deleted \(report.exportsDeleted) exports and \(report.invoicesDeleted) billing records."
        )
    }
}
