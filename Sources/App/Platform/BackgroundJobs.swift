import Vapor

/// Runs the recurring jobs while the server serves: every few minutes it tries to claim the
/// daily privacy run; the claim makes sure one instance runs it once a day.
struct BackgroundJobs: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        // Only `mobilize serve` (the default command) runs them; `migrate`, `demo` and the other
        // commands end soon and must not race a job on their way out.
        let command = app.environment.arguments.dropFirst().first
        guard command == nil || command == "serve" || command?.hasPrefix("-") == true else { return }
        loop.task = Task {
            while !Task.isCancelled {
                do {
                    try await PrivacyJobs(app: app).runIfDue()
                } catch {
                    app.logger.error(
                        "privacy job failed",
                        metadata: ["error": "\(String(reflecting: type(of: error)))"]
                    )
                }
                try? await Task.sleep(for: .seconds(300))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        loop.task?.cancel()
        await loop.task?.value
    }
}
