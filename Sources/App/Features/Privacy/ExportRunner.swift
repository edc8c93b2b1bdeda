import Fluent
import SQLKit
import Vapor

/// Builds pending exports. A request starts one at once; the daily run picks up any that a
/// stopped server left behind. Claiming an export moves it from pending to running, which only
/// one instance can do.
struct ExportRunner {
    let app: Application

    func start(_ id: UUID) {
        Task { [app] in
            do {
                try await ExportRunner(app: app).run(id)
            } catch {
                app.logger.error("export failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
        }
    }

    func runPending(olderThan seconds: TimeInterval) async throws {
        let stale = try await DataExport.query(on: app.db).filter(\.$status == .pending)
            .filter(\.$createdAt < app.clock.now.addingTimeInterval(-seconds)).all()
        for export in stale { try await run(export.requireID()) }
    }

    func run(_ id: UUID) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        let claimed = try await sql.update(DataExport.schema).set(
            "status",
            to: SQLBind(DataExport.Status.running.rawValue)
        )
        .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(DataExport.Status.pending.rawValue))
        .returning("id").all()
        guard !claimed.isEmpty, let export = try await DataExport.find(id, on: app.db),
            let person = try await User.find(export.$user.id, on: app.db)
        else { return }
        do {
            let builder = ExportBuilder(
                db: app.db,
                media: app.media,
                directory: URL(fileURLWithPath: app.config.dataDirectory).appendingPathComponent("tmp"),
                registry: app.personalData
            )
            export.size = try await builder.build(
                for: person,
                to: ExportBuilder.path(of: id, in: app.config.dataDirectory)
            )
            export.status = .ready
        } catch {
            export.status = .failed
            try? await export.update(on: app.db)
            throw error
        }
        try await export.update(on: app.db)
    }
}
