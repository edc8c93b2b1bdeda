import Fluent
import FluentPostgresDriver
import MobilizeCore
import SQLKit
import Vapor

/// Sets up databases, middleware, services and migrations, then the routes.
public func configure(_ app: Application) async throws {
    try await configure(app, config: AppConfig.load(ProcessInfo.processInfo.environment))
}

func configure(_ app: Application, config: AppConfig, mailer: (any Mailer)? = nil) async throws {
    app.config = config
    app.directory.publicDirectory = config.publicDirectory ?? WebRoot.find(from: app.directory.workingDirectory)
    try app.setUpDatabase(config.database, poolSize: config.databasePoolSize, poolTimeout: config.databasePoolTimeout)
    app.databases.middleware.use(ActivitySeriesEnd())
    app.passwordHashing = try PasswordHashing(cost: config.bcryptCost, pool: app.threadPool)
    app.deferred = DeferredWork()
    app.lifecycle.use(DeferredWorkDrain())
    app.readCoalescing = ReadCoalescing(window: config.accessLogCoalesce)
    let keyBytes = try config.accessLogKey ?? KeyFile.key(named: "access-log.key", in: config.dataDirectory)
    guard let accessLogKey = AuditChain.Key(keyBytes) else {
        throw ConfigError(variable: "ACCESS_LOG_KEY", problem: "must be at least 32 bytes")
    }
    app.accessLogKey = accessLogKey
    app.accessLogWriter = AccessLogWriter(database: { app.db }, logger: app.logger)
    app.accessCache = AccessCache()
    app.realtime = RealtimeHub()
    if case .postgres(let url, _) = config.database {
        app.accessCacheNotifier = AccessCacheNotifier(database: { app.db })
        app.realtime.broadcast = { payload in
            guard let sql = app.db as? any SQLDatabase else { return }
            // Best effort: a notice lost here is caught up when the device next reads its plan.
            try? await sql.raw("SELECT pg_notify(\(bind: RealtimeHub.channel), \(bind: payload))").run()
        }
        app.lifecycle.use(AccessCacheListener(configuration: try SQLPostgresConfiguration(url: url).coreConfiguration))
    }
    let store: any MediaStore =
        switch config.mediaStore {
        case .files: FileMediaStore(dataDirectory: config.dataDirectory)
        case .database: DatabaseMediaStore(database: { app.db })
        }
    app.media = CachedMediaStore(base: store)
    app.mailer =
        mailer
        ?? config.smtp.map {
            SMTPMailer(
                settings: $0,
                from: config.mailFrom,
                heloName: config.publicURL.host ?? "localhost",
                group: app.eventLoopGroup
            )
        }
        ?? FileMailer(directory: config.dataDirectory + "/outbox", from: config.mailFrom)

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    app.routes.defaultMaxBodySize = ByteCount(value: config.maxBodySize)
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(NulInURLGuard())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: "index.html"))
    app.middleware.use(OriginCheckMiddleware(publicOrigin: config.publicOrigin))

    Migrations.register(on: app)
    try await app.autoMigrate()
    try await app.tuneSQLite()

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(BreachCommand(), as: "breach")
    app.asyncCommands.use(PrivacyCommand(), as: "privacy")
    app.asyncCommands.use(BenchSeedCommand(), as: "seed-bench")
    app.asyncCommands.use(PictogramsCommand(), as: "pictograms")
    app.asyncCommands.use(PlanBenchCommand(), as: "bench-plan")
    if config.runsBackgroundJobs { app.lifecycle.use(BackgroundJobs()) }
    app.lifecycle.use(RealtimeSessions())
    app.lifecycle.use(AccessLogSealer())
    try routes(app)
}
