import Fluent
import SQLKit
import Vapor

/// Copies SQLite's write-ahead journal into the database twice a second while the server runs,
/// on a connection of the server's periodic work, so that neither a commit nor a request's read
/// waits for it. Left to SQLite, the commit that
/// grows the journal past 1,000 pages copies them all and syncs the database file before its
/// callers hear back: every few hundred messages, one batch of writes waited tens of
/// milliseconds. A passive checkpoint waits for nobody: writers go on appending meanwhile, and
/// what a reader still needs is copied the next time.
struct SQLiteCheckpointer: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    static let interval: Duration = .milliseconds(500)
    /// The journal's size (pages of 4 KiB) at which a connection checkpoints it itself: only when
    /// this task has fallen far behind.
    static let safetyPages = 10_000
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing, let sql = app.backgroundDB as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        loop.task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard !Task.isCancelled else { return }
                do {
                    try await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
                } catch {
                    app.logger.warning("journal not checkpointed", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        guard let task = loop.task else { return }
        task.cancel()
        await task.value
    }
}
