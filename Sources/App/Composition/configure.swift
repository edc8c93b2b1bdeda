import Fluent
import FluentPostgresDriver
import MobilizeCore
import SQLKit
import Vapor

/// Sets up databases, middleware, every part's services and migrations, then the routes.
public func configure(_ app: Application) async throws {
    try await configure(app, config: AppConfig.load(ProcessInfo.processInfo.environment))
}

func configure(_ app: Application, config: AppConfig, mailer: (any Mailer)? = nil) async throws {
    app.config = config
    app.directory.publicDirectory = config.publicDirectory ?? WebRoot.find(from: app.directory.workingDirectory)
    // SQLite's statements run on these threads, and one that waits for the write lock holds its
    // thread meanwhile (the busy timeout): with one thread per core, two such waits could leave
    // the writer holding the lock no thread to finish on. Pictures and passwords are bounded
    // apart (`PictureService`, `PasswordHashing`).
    app.threadPool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 2))
    try app.setUpDatabase(config.database, poolSize: config.databasePoolSize, poolTimeout: config.databasePoolTimeout)
    app.passwordHashing = try PasswordHashing(cost: config.bcryptCost, pool: app.threadPool)
    app.deferred = DeferredWork()
    app.lifecycle.use(DeferredWorkDrain())
    app.personalData = Composition.personalData
    for part in Composition.parts { try part.configure(app) }
    if case .postgres(let url, _) = config.database {
        app.lifecycle.use(
            NoticeListener(
                configuration: try SQLPostgresConfiguration(url: url).coreConfiguration,
                channels: Composition.noticeChannels
            )
        )
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

    for migration in Composition.migrations { app.migrations.add(migration) }
    try await app.autoMigrate()
    // `serve` is the default command; any other runs beside a server and may wait longer for it.
    let serving = app.environment.arguments.dropFirst().first.map { $0 == "serve" || $0.hasPrefix("-") } ?? true
    try await app.tuneSQLite(busyTimeoutMilliseconds: serving ? 5000 : 60_000, checkpointsApart: serving)
    if serving { app.lifecycle.use(SQLiteCheckpointer()) }

    for (name, command) in Composition.commands { app.asyncCommands.use(command, as: name) }
    if config.runsBackgroundJobs { app.lifecycle.use(BackgroundJobs(jobs: Composition.jobs)) }
    try routes(app)
}
