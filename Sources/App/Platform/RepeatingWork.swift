import Vapor

/// Work that repeats while `mobilize serve` runs (not in commands or tests, which call the work
/// themselves): started after boot, cancelled and awaited at shutdown.
struct RepeatingWork: LifecycleHandler {
    final class Tasks: @unchecked Sendable {
        var all: [Task<Void, Never>] = []
    }

    let tasks = Tasks()
    let start: @Sendable (Application) -> [Task<Void, Never>]

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing else { return }
        tasks.all = start(app)
    }

    func shutdownAsync(_ app: Application) async {
        for task in tasks.all { task.cancel() }
        for task in tasks.all { await task.value }
    }

    /// Runs `work` every `interval` (or, `aligned`, just after each whole interval of the clock),
    /// logging a failure by its kind only and going on.
    static func every(
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
}
