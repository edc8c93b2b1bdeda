import NIOConcurrencyHelpers
import PostgresNIO
import Vapor

/// A PostgreSQL channel the instances tell each other news on, and what an instance does with it.
struct NoticeChannel: Sendable {
    let name: String
    /// Listening began (again): news may have been missed meanwhile.
    let listening: @Sendable (Application) async -> Void
    /// One notice, with its payload.
    let notice: @Sendable (Application, String) async -> Void
    /// The connection was lost: news may be missed until it is back.
    var lost: @Sendable (Application) async -> Void = { _ in }
}

/// Listens on every channel on one connection of its own while `mobilize serve` runs (instances
/// behind a load balancer tell each other through PostgreSQL `NOTIFY`); reconnects after a
/// failure, and tells each channel's handler when it may have missed something.
struct NoticeListener: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
        var connection: PostgresConnection?
        private let lock = NIOLock()
        private var listeningTo: Set<String> = []

        /// Whether the channel is being listened to now.
        func isListening(to channel: String) -> Bool { lock.withLock { listeningTo.contains(channel) } }
        fileprivate func set(_ channel: String, listening: Bool) {
            lock.withLock {
                if listening { listeningTo.insert(channel) } else { listeningTo.remove(channel) }
            }
        }
        fileprivate func stopAll() { lock.withLock { listeningTo.removeAll() } }
    }

    let configuration: PostgresConnection.Configuration
    let channels: [NoticeChannel]
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing else { return }
        start(app)
    }

    /// Starts listening in the background (`mobilize serve` does at start-up).
    func start(_ app: Application) {
        let configuration = configuration
        let channels = channels
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
                        for channel in channels {
                            group.addTask {
                                try await connection.listen(on: channel.name) { notices in
                                    await channel.listening(app)
                                    loop.set(channel.name, listening: true)
                                    for try await notice in notices { await channel.notice(app, notice.payload) }
                                }
                            }
                        }
                        // Any ending means the connection is gone: start again.
                        try await group.next()
                        group.cancelAll()
                    }
                } catch {
                    if !Task.isCancelled {
                        app.logger.warning("notice listener reconnects", metadata: ["error": "\(type(of: error))"])
                    }
                }
                loop.stopAll()
                for channel in channels { await channel.lost(app) }
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
