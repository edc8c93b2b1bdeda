import FluentPostgresDriver
import SQLKit
import Vapor

/// Instances behind a load balancer tell each other when to empty their access caches: every
/// change sends a PostgreSQL `NOTIFY`, and each instance listens (`NoticeListener`).
struct AccessCacheNotifier: Sendable {
    static let channel = "mobilize_access_cache"
    let database: @Sendable () -> any Database

    func notify() async {
        guard let sql = database() as? any SQLDatabase else { return }
        // Best effort: a lost notice only means the other instances notice within the cache's lifetime.
        try? await sql.raw("NOTIFY \(unsafeRaw: Self.channel)").run()
    }

    /// What an instance does with the notices: it empties its cache, and does so whenever it may
    /// have missed one.
    static let noticeChannel = NoticeChannel(
        name: channel,
        listening: { $0.accessCache.invalidate() },
        notice: { app, _ in app.accessCache.invalidate() },
        lost: { $0.accessCache.invalidate() }
    )
}

extension Application {
    private struct NotifierKey: StorageKey { typealias Value = AccessCacheNotifier }

    /// Set by `configure` on PostgreSQL.
    var accessCacheNotifier: AccessCacheNotifier? {
        get { storage[NotifierKey.self] }
        set { storage[NotifierKey.self] = newValue }
    }
}
