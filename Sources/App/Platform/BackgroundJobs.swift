import Vapor

/// Runs the recurring jobs while the server serves: every few minutes it tries to claim the
/// daily privacy run; the claim makes sure one instance runs it once a day.
struct BackgroundJobs: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
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
    }
}
