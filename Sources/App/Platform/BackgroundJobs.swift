import Vapor

/// One piece of recurring work: tried every few minutes; it decides itself whether it is due
/// (and, with several instances, which one runs it).
struct BackgroundJob: Sendable {
    let name: String
    let run: @Sendable (Application) async throws -> Void
}

/// Runs the recurring jobs while the server serves, every five minutes.
struct BackgroundJobs: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let jobs: [BackgroundJob]
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing else { return }
        let jobs = jobs
        loop.task = Task {
            while !Task.isCancelled {
                for job in jobs {
                    do {
                        try await job.run(app)
                    } catch {
                        app.logger.error(
                            "\(job.name) job failed",
                            metadata: ["error": "\(String(reflecting: type(of: error)))"]
                        )
                    }
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

extension Application {
    /// Whether this process serves (`mobilize serve`, the default command): only then do the
    /// loops that run beside the requests start. `migrate`, `demo` and the other commands end
    /// soon and must not race a loop on their way out.
    var isServing: Bool {
        let command = environment.arguments.dropFirst().first
        return command == nil || command == "serve" || command?.hasPrefix("-") == true
    }
}
