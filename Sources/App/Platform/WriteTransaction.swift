import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

extension Database {
    /// A transaction for work that writes. On SQLite it takes the write lock at its start
    /// (`BEGIN IMMEDIATE`), waiting for other writers with the busy timeout; a deferred
    /// transaction that reads first and then writes fails at once with "database is locked"
    /// when another connection or process is writing meanwhile. Transactions that arrive while
    /// one is under way are committed together (`SQLiteWriter`). On PostgreSQL it is an ordinary
    /// transaction.
    package func writeTransaction<T: Sendable>(
        _ closure: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(closure)
        }
        if let writer = context.configuration.middleware.lazy.compactMap({ $0 as? SQLiteWriter }).first {
            return try await writer.run(on: self, closure)
        }
        // A database set up without its writer (every one `setUpDatabase` makes has one): a
        // transaction of its own.
        let job = SQLiteWriter.Job(closure, db: self)
        try await withConnection { connection in try await SQLiteWriter.commit(job, on: connection) }
        return try job.answer(as: T.self)
    }
}

extension DatabaseID {
    /// SQLite's writing connections, the writer's own: write transactions never wait for a
    /// connection behind reads, nor reads behind them.
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
    /// SQLite's connections for the server's own periodic work (checkpoints, sealing the access
    /// log, checking live sockets' sessions): a request never waits for a connection behind it.
    static let sqliteBackground = DatabaseID(string: "sqlite-background")
}

/// The one writer of an SQLite database (registered with the database as a model middleware
/// that changes nothing, so that every handle to the database finds it). SQLite makes a commit
/// durable with an fsync, which takes milliseconds on a real disk: write transactions that
/// arrive while one is under way wait, and are then committed together, with one fsync, on the
/// writer's own connection. The first of a batch runs as a transaction of its own; each one
/// after it in a savepoint, so a transaction that fails rolls back alone and alone sees its
/// error; when the commit fails, every one of them does. A batch takes in what waits for at
/// most `batchTime` (the write lock is held no longer than one slow transaction would hold it)
/// or `maxBatch` transactions. Each caller hears its answer only once its work is durable.
final class SQLiteWriter: AnyModelMiddleware, @unchecked Sendable {
    static let maxBatch = 64
    static let batchTime: TimeInterval = 0.02

    final class Job: @unchecked Sendable {
        let work: @Sendable (any Database) async throws -> any Sendable
        /// The database of the caller: the batch runs on the writer's connection of its event loop.
        let db: any Database
        var result: Result<any Sendable, any Error>?
        var continuation: CheckedContinuation<Void, Never>?

        init<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T, db: any Database) {
            self.work = { try await work($0) }
            self.db = db
        }

        func answer<T>(as: T.Type) throws -> T {
            switch result {
            case .success(let value as T): return value
            case .failure(let error): throw error
            default: throw CancellationError()
            }
        }

        var succeeded: Bool {
            if case .success = result { return true }
            return false
        }

        func finish() { continuation?.resume() }
    }

    /// The writer's connections (one per event loop, one in use at a time), whose statements run
    /// on `thread`.
    private let connections: Databases
    private let thread = WriterThread()
    private let lock = NIOLock()
    private var queue: [Job] = []
    private var leading = false

    init(_ configuration: DatabaseConfigurationFactory, on group: any EventLoopGroup) {
        connections = Databases(threadPool: thread.pool, on: group)
        connections.use(configuration, as: .sqliteWriter)
    }

    /// The writer's connection of an event loop.
    func database(logger: Logger, on loop: any EventLoop) -> any Database {
        connections.database(.sqliteWriter, logger: logger, on: loop)!
    }

    /// Closes the connections, then stops the thread.
    func shutdown() async {
        await connections.shutdownAsync()
        await thread.shutdown()
    }

    func handle(
        _ event: ModelEvent,
        _ model: any AnyModel,
        on db: any Database,
        chainingTo next: any AnyModelResponder
    ) -> EventLoopFuture<Void> {
        next.handle(event, model, on: db)
    }

    func run<T: Sendable>(on db: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let job = Job(work, db: db)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            job.continuation = continuation
            let lead = lock.withLock {
                queue.append(job)
                defer { leading = true }
                return !leading
            }
            if lead { Task(executorPreference: thread) { await self.lead() } }
        }
        return try job.answer(as: T.self)
    }

    /// The next job waiting; when none is, the leader steps down.
    private func next(stepDown: Bool) -> Job? {
        lock.withLock {
            guard queue.isEmpty else { return queue.removeFirst() }
            if stepDown { leading = false }
            return nil
        }
    }

    /// Commits what waits, a batch at a time, until nothing does.
    private func lead() async {
        while let first = next(stepDown: true) {
            let origin = first.db
            let db = database(logger: origin.logger, on: origin.eventLoop)
            let batch = NIOLockedValueBox([first])
            do {
                try await db.withConnection { connection in
                    try await Self.commit(first, on: connection) { elapsed in
                        guard batch.withLockedValue({ $0.count }) < Self.maxBatch, elapsed < Self.batchTime,
                            let job = self.next(stepDown: false)
                        else { return nil }
                        batch.withLockedValue { $0.append(job) }
                        return job
                    }
                }
            } catch {
                for job in batch.withLockedValue({ $0 }) where job.result == nil || job.succeeded {
                    job.result = .failure(error)
                }
            }
            for job in batch.withLockedValue({ $0 }) { job.finish() }
        }
    }

    /// Runs `first` in a transaction on a connection, and after it, each in a savepoint of its
    /// own, the jobs `more` hands out (given the seconds since the transaction began) until it
    /// answers nil; then commits. When `first` fails, the transaction is rolled back at once.
    static func commit(
        _ first: Job,
        on connection: any Database,
        more: (TimeInterval) -> Job? = { _ in nil }
    ) async throws {
        guard let sql = connection as? any SQLDatabase else { return }
        // The connection in hand (checked out, so its closure runs at once), for `direct`.
        nonisolated(unsafe) var inHand: SQLiteConnection?
        _ = (connection as? any SQLiteDatabase)?.withConnection { (connection: SQLiteConnection) -> EventLoopFuture<Void> in
            inHand = connection
            return connection.eventLoop.makeSucceededVoidFuture()
        }
        guard let inHand else { return try await commit(first, on: sql, connection: connection, more: more) }
        let writer = InHand(inHand)
        defer { writer.release() }
        try await InHand.$current.withValue(writer) {
            try await commit(first, on: sql, connection: connection, more: more)
        }
    }

    private static func commit(
        _ first: Job,
        on sql: any SQLDatabase,
        connection: any Database,
        more: (TimeInterval) -> Job?
    ) async throws {
        let began = Date()
        try await sql.direct("BEGIN IMMEDIATE")
        do {
            do {
                first.result = .success(try await first.work(connection))
            } catch {
                first.result = .failure(error)
                try await sql.direct("ROLLBACK")
                return
            }
            while let job = more(Date().timeIntervalSince(began)) {
                try await sql.direct("SAVEPOINT job")
                do {
                    job.result = .success(try await job.work(connection))
                } catch {
                    job.result = .failure(error)
                    try await sql.direct("ROLLBACK TO job")
                }
                try await sql.direct("RELEASE job")
            }
            try await sql.direct("COMMIT")
        } catch {
            try? await sql.direct("ROLLBACK")
            throw error
        }
    }
}

extension Database {
    /// Sets `column` of the row `id` of `table` to `value` if it is still NULL, in one statement,
    /// and answers whether this call did: of thirty requests spending one code at once, one does.
    func claim(_ table: String, id: UUID, column: String, value: some Encodable & Sendable) async throws -> Bool {
        guard let sql = self as? any SQLDatabase else { return true }
        return try await sql.raw(
            """
            UPDATE \(ident: table) SET \(ident: column) = \(bind: value)
            WHERE id = \(bind: id) AND \(ident: column) IS NULL RETURNING id
            """
        ).first() != nil
    }
}

/// The writer's connection while a transaction of the writer runs, for `direct` (task-local: the
/// jobs of a batch run in the writer's task). Released when the batch is done, so a task a job
/// left behind can no longer use it.
final class InHand: Sendable {
    @TaskLocal static var current: InHand?

    private let connection: NIOLockedValueBox<SQLiteConnection?>

    init(_ connection: SQLiteConnection) {
        self.connection = NIOLockedValueBox(connection)
    }

    var sqlite: SQLiteConnection? { connection.withLockedValue { $0 } }

    func release() { connection.withLockedValue { $0 = nil } }
}

extension SQLDatabase {
    /// Runs a statement and answers its rows. Inside a write transaction on SQLite it runs straight
    /// on the writer's connection: the thread that steps the statement wakes the waiting task
    /// itself, where the usual way goes through the event loop first, one thread hop more for each
    /// statement while the write lock is held. Anywhere else it runs the usual way.
    @discardableResult
    func direct(_ query: SQLQueryString) async throws -> [any SQLRow] {
        guard dialect.name == "sqlite", let connection = InHand.current?.sqlite else {
            return try await raw(query).all()
        }
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        return try await connection.query(serializer.sql, binds).map { $0.sql() }
    }
}
