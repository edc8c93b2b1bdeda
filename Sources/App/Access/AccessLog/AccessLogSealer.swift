import Fluent
import MobilizeCore
import Vapor

/// Seals new entries every few seconds while `mobilize serve` runs (one instance at a time, by
/// the lease), and once more at shutdown.
struct AccessLogSealer: LifecycleHandler {
    final class Loop: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    static let interval: Duration = .seconds(2)
    let loop = Loop()

    func didBootAsync(_ app: Application) async throws {
        guard app.isServing else { return }
        // Tests seal when they need to, so that what they look at holds still.
        guard app.environment != .testing else { return }
        loop.task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                do {
                    await app.accessLogWriter.idle()
                    try await app.accessLog.sealAll(at: app.clock.now, waitForLease: false)
                } catch {
                    app.logger.warning("access log not sealed", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        await app.accessLogWriter.idle()
        guard let task = loop.task else { return }
        task.cancel()
        await task.value
        try? await app.sealAccessLog()
    }
}

extension Application {
    private struct KeyKey: StorageKey { typealias Value = AuditChain.Key }
    private struct WriterKey: StorageKey { typealias Value = AccessLogWriter }

    /// The key of the chain, set once by `configure`.
    var accessLogKey: AuditChain.Key {
        get {
            guard let key = storage[KeyKey.self] else { fatalError("configure(_:) sets the access-log key") }
            return key
        }
        set { storage[KeyKey.self] = newValue }
    }

    var accessLogWriter: AccessLogWriter {
        get {
            guard let writer = storage[WriterKey.self] else { fatalError("configure(_:) sets the access-log writer") }
            return writer
        }
        set { storage[WriterKey.self] = newValue }
    }

    package var accessLog: AccessLog { AccessLog(db: db, key: accessLogKey) }

    /// Writes what this instance holds of the access log, then seals everything written (reading
    /// on the connections of periodic work).
    func sealAccessLog() async throws {
        await accessLogWriter.idle()
        try await AccessLog(db: backgroundDB, key: accessLogKey).sealAll(at: clock.now)
    }
}
