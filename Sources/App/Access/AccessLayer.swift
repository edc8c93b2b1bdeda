import Fluent
import MobilizeCore
import Vapor

/// The access layer's tables (people, sessions, planner links, the access log) and services
/// (the access cache and its notices, the access log's writer and sealer).
enum AccessLayer: Feature {
    static var migrations: [any Migration] {
        [
            CreateUser(), CreateAuthSession(), CreatePlannerLink(), UpdateUserAddPrivacy(), CreateAccessLog(),
            UpdateSessionAddChildMode(), UpdateSessionAddOpener(), UpdateAccessLogKeyedChain(),
        ]
    }

    static var personIndexes: [(table: String, column: String)] {
        [
            ("sessions", "user_id"), ("planner_links", "planner_id"), ("users", "last_active_at"),
            ("users", "erasure_due_at"),
        ]
    }

    static var noticeChannels: [NoticeChannel] { [AccessCacheNotifier.noticeChannel] }

    static func configure(_ app: Application) throws {
        let config = app.config
        app.readCoalescing = ReadCoalescing(window: config.accessLogCoalesce)
        let keyBytes = try config.accessLogKey ?? KeyFile.key(named: "access-log.key", in: config.dataDirectory)
        guard let accessLogKey = AuditChain.Key(keyBytes) else {
            throw ConfigError(variable: "ACCESS_LOG_KEY", problem: "must be at least 32 bytes")
        }
        app.accessLogKey = accessLogKey
        app.accessLogWriter = AccessLogWriter(database: { app.db }, logger: app.logger)
        app.accessCache = AccessCache()
        if case .postgres = config.database {
            app.accessCacheNotifier = AccessCacheNotifier(database: { app.db })
        }
        app.lifecycle.use(AccessLogSealer())
    }
}
