import FluentPostgresDriver
import PostgresNIO
import SQLKit
import Vapor

/// Instances behind a load balancer tell each other when to empty their access caches: every
/// change sends a PostgreSQL `NOTIFY`, and each instance `LISTEN`s on its own connection (to
/// the realtime news too, see `RealtimeHub`).
struct AccessCacheNotifier: Sendable {
    static let channel = "mobilize_access_cache"
    let database: @Sendable () -> any Database

    func notify() async {
        guard let sql = database() as? any SQLDatabase else { return }
        // Best effort: a lost notice only means the other instances notice within the cache's lifetime.
        try? await sql.raw("NOTIFY \(unsafeRaw: Self.channel)").run()
    }
}

/// Listens for the other instances' notices while `mobilize serve` runs; reconnects after a
/// failure, and empties the cache whenever it may have missed one.
struct AccessCacheListener: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
        var connection: PostgresConnection?
        var listening = false
        var realtimeListening = false
    }

    let configuration: PostgresConnection.Configuration
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        let command = app.environment.arguments.dropFirst().first
        guard command == nil || command == "serve" || command?.hasPrefix("-") == true else { return }
        start(app)
    }

    /// Starts listening in the background (`mobilize serve` does at start-up).
    func start(_ app: Application) {
        let configuration = configuration
        let loop = loop
        loop.task = Task {
            var attempt = 0
            while !Task.isCancelled {
                do {
                    attempt += 1
                    let connection = try await PostgresConnection.connect(
                        configuration: configuration,
                        id: attempt,
                        logger: app.logger
                    )
                    loop.connection = connection
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try await connection.listen(on: AccessCacheNotifier.channel) { notices in
                                app.accessCache.invalidate()  // whatever happened while not listening
                                loop.listening = true
                                for try await _ in notices { app.accessCache.invalidate() }
                            }
                        }
                        group.addTask {
                            try await connection.listen(on: RealtimeHub.channel) { notices in
                                app.realtime.resyncAll()  // news may have been missed meanwhile
                                loop.realtimeListening = true
                                for try await notice in notices {
                                    // The change empties the cache first, so the reads it prompts see it.
                                    app.accessCache.invalidate()
                                    await app.realtime.deliver(payload: notice.payload, db: app.db)
                                }
                            }
                        }
                        // Either ending means the connection is gone: start again.
                        try await group.next()
                        group.cancelAll()
                    }
                } catch {
                    if !Task.isCancelled {
                        app.logger.warning(
                            "access cache listener reconnects",
                            metadata: ["error": "\(type(of: error))"]
                        )
                    }
                }
                loop.listening = false
                loop.realtimeListening = false
                app.accessCache.invalidate()
                try? await loop.connection?.close()
                loop.connection = nil
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        loop.task?.cancel()
        try? await loop.connection?.close()
        await loop.task?.value
    }
}

extension Application {
    private struct NotifierKey: StorageKey { typealias Value = AccessCacheNotifier }

    /// Set by `configure` on PostgreSQL.
    var accessCacheNotifier: AccessCacheNotifier? {
        get { storage[NotifierKey.self] }
        set { storage[NotifierKey.self] = newValue }
    }
}
