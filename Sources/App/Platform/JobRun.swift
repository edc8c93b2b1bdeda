import Fluent
import SQLKit
import Vapor

/// The last start of each recurring job, so that several instances run a daily job once a day
/// between them: an instance claims the run by moving `started_at` forward, which only one can.
final class JobRun: Model, @unchecked Sendable {
    static let schema = "job_runs"

    @ID(custom: "name", generatedBy: .user) var id: String?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    init(name: String) { self.id = name }

    /// True when this caller won the run: nobody started it within `interval`.
    static func claim(
        _ name: String,
        every interval: TimeInterval,
        at now: Date,
        on db: any Database
    ) async throws -> Bool {
        if try await JobRun.find(name, on: db) == nil {
            try? await JobRun(name: name).create(on: db)
        }
        guard let sql = db as? any SQLDatabase else { return false }
        let claimed = try await sql.update(schema)
            .set("started_at", to: SQLBind(now))
            .where("name", .equal, SQLBind(name))
            .where {
                $0.where("started_at", .is, SQLLiteral.null).orWhere(
                    "started_at",
                    .lessThan,
                    SQLBind(now.addingTimeInterval(-interval))
                )
            }
            .returning("name")
            .all()
        return !claimed.isEmpty
    }

    static func finish(_ name: String, at now: Date, on db: any Database) async throws {
        guard let run = try await JobRun.find(name, on: db) else { return }
        run.finishedAt = now
        try await run.update(on: db)
    }
}
