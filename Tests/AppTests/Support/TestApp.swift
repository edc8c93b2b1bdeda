import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import VaporTesting

@testable import App

/// What a test gets besides the app: the captured mails and a clock it can move.
struct TestContext: Sendable {
    let app: Application
    let mailer: MemoryMailer
    let clock: ManualClock

    var client: TestClient { TestClient(app: app) }
}

/// The database of the run: SQLite in a temporary file, or PostgreSQL when `TEST_DATABASE_URL` is
/// set. Each test gets a database of its own (a file, or a schema) and migrates it from scratch.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

func withApp(_ test: (TestContext) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    let mailer = MemoryMailer()
    let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mobilize-test-\(UUID().uuidString)")
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    do {
        var config = try AppConfig.load(["DATA_DIR": directory.path])
        config.bcryptCost = 4
        config.runsBackgroundJobs = false
        // The tests run the reminder scheduler by hand, at the clock they set.
        config.firesReminders = false
        // A shared, busy test machine may make a transaction wait its turn for long: the tests
        // that send 30 at once wait for a connection rather than fail.
        config.databasePoolTimeout = 120
        if let url = TestDatabase.postgresURL {
            try await createSchema(schema, url: url)
            config.database = .postgres(url: url, schema: schema)
        }
        app.clock = clock
        try await configure(app, config: config, mailer: mailer)
        try await test(TestContext(app: app, mailer: mailer, clock: clock))
    } catch {
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
        if let url = TestDatabase.postgresURL { try? await dropSchema(schema, url: url) }
        throw error
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: directory)
    if let url = TestDatabase.postgresURL { try await dropSchema(schema, url: url) }
}

private func adminSQL(_ url: String, _ statement: String) async throws {
    let app = try await Application.make(.testing)
    do {
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

private func createSchema(_ name: String, url: String) async throws {
    try await adminSQL(url, "CREATE SCHEMA \(name)")
}

private func dropSchema(_ name: String, url: String) async throws {
    try await adminSQL(url, "DROP SCHEMA IF EXISTS \(name) CASCADE")
}

extension MemoryMailer {
    /// The token of the last link mailed to an address (`...?token=X` or `...?code=X`).
    func linkToken(to address: String) -> String? {
        guard let body = last(to: address)?.body,
            let range = body.range(of: #"[?&](token|code)="#, options: .regularExpression)
        else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }
}

extension Application {
    /// Seals what waits and verifies the access log; nil when intact, else the first broken entry.
    func accessLogBreak() async throws -> Int? {
        try await sealAccessLog()
        return try await accessLog.verify().broken?.seq
    }
}

/// A second instance of the server on the same database (and clock), as behind a load balancer;
/// shut down after `body`.
func withSecondInstance(of context: TestContext, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    app.clock = context.clock
    do {
        try await configure(app, config: context.app.config, mailer: MemoryMailer())
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
