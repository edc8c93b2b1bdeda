import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

extension Application {
    /// The database for the server's own periodic work: on SQLite, connections of its own (its
    /// writes still go through the one writer); on PostgreSQL, the pool's.
    var backgroundDB: any Database {
        guard databases.configuration(for: .sqliteBackground) != nil else { return db }
        return databases.database(.sqliteBackground, logger: logger, on: eventLoopGroup.any()) ?? db
    }

    /// SQLite in WAL mode with full fsync by default; PostgreSQL when `DATABASE_URL` is set.
    /// `poolSize` connections per event loop (PostgreSQL; SQLite keeps one, it has one writer); a
    /// request waits at most `poolTimeout` seconds for one.
    func setUpDatabase(_ kind: AppConfig.DatabaseKind, poolSize: Int = 4, poolTimeout: TimeInterval = 10) throws {
        switch kind {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            useSQLite { .sqlite(.file(path), sqlLogLevel: nil) }
        case .memory:
            let storage = SQLiteConfiguration.Storage.memory(identifier: UUID().uuidString)
            useSQLite { .sqlite(.init(storage: storage), sqlLogLevel: nil) }
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = schema.map { [$0] }
            // Statements carry personal data in their values: they are logged only at `trace`.
            databases.use(
                .postgres(
                    configuration: configuration,
                    maxConnectionsPerEventLoop: poolSize,
                    connectionPoolTimeout: .milliseconds(Int64(poolTimeout * 1000)),
                    sqlLogLevel: .trace
                ),
                as: .psql
            )
        }
    }

    /// One SQLite database under three names: requests' reads (the default), the writer's, and
    /// the server's periodic work. Every write, from requests or periodic work, goes through the
    /// one writer.
    private func useSQLite(_ configuration: () -> DatabaseConfigurationFactory) {
        databases.use(configuration(), as: .sqlite)
        databases.use(configuration(), as: .sqliteBackground, isDefault: false)
        let writer = SQLiteWriter(configuration(), on: eventLoopGroup)
        databases.middleware.use(writer, on: .sqlite)
        databases.middleware.use(writer, on: .sqliteBackground)
        sqliteWriter = writer
        lifecycle.use(SQLiteWriterShutdown())
    }

    /// Journal and durability settings for SQLite. Each pool (reads, the writer's, periodic
    /// work's) holds one connection per event loop, and `synchronous` is a setting of the
    /// connection, so each one is set. A command run beside the server (the daily privacy run
    /// from cron) waits for the server's writes up to a minute; the server's own requests five
    /// seconds.
    ///
    /// A server checkpoints the journal into the database on a task of its own
    /// (`SQLiteCheckpointer`), so no commit waits for a checkpoint; its connections checkpoint only
    /// when the journal has grown past `SQLiteCheckpointer.safetyPages` (the task fell behind).
    /// Temporary tables and statement journals stay in memory.
    func tuneSQLite(busyTimeoutMilliseconds: Int = 5000, checkpointsApart: Bool = false) async throws {
        guard db is any SQLiteDatabase else { return }
        let autocheckpoint = checkpointsApart ? SQLiteCheckpointer.safetyPages : 1000
        for loop in eventLoopGroup.makeIterator() {
            let handles = [
                databases.database(.sqlite, logger: logger, on: loop),
                databases.database(.sqliteBackground, logger: logger, on: loop),
                sqliteWriter?.database(logger: logger, on: loop),
            ]
            for case let sql as any SQLDatabase in handles {
                try await sql.raw("PRAGMA journal_mode=WAL").run()
                try await sql.raw("PRAGMA synchronous=FULL").run()
                try await sql.raw("PRAGMA temp_store=MEMORY").run()
                try await sql.raw("PRAGMA wal_autocheckpoint=\(unsafeRaw: String(autocheckpoint))").run()
                try await sql.raw("PRAGMA busy_timeout=\(unsafeRaw: String(busyTimeoutMilliseconds))").run()
            }
        }
    }
}

extension Application {
    private struct WriterKey: StorageKey { typealias Value = SQLiteWriter }

    /// SQLite's one writer, when the database is SQLite.
    fileprivate(set) var sqliteWriter: SQLiteWriter? {
        get { storage[WriterKey.self] }
        set { storage[WriterKey.self] = newValue }
    }
}

/// Closes the writer's connections and stops its thread when the application shuts down.
private struct SQLiteWriterShutdown: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        await app.sqliteWriter?.shutdown()
    }
}
