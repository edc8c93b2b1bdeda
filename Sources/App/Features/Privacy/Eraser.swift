import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Erases people: everything the registry lists, in its order, then the accounts themselves.
/// People are erased in batches, one transaction a batch, so that erasing thousands of accounts
/// costs a few hundred statements. Every step is idempotent and the account rows go last, so an
/// erasure interrupted half-way is finished by the next run.
struct Eraser {
    let db: any Database
    let dataDirectory: String
    let media: any MediaStore
    let accessLogKey: AuditChain.Key
    /// What to erase, table by table, in order.
    let registry: PersonalDataRegistry
    var batchSize = 50
    var pause = 40
    /// Runs after each batch is committed (the server empties its access cache there).
    var afterBatch: @Sendable () async -> Void = {}

    /// The server's eraser: its database, files, media and the access log's key.
    init(app: Application) {
        self.db = app.db
        self.dataDirectory = app.config.dataDirectory
        self.media = app.media
        self.accessLogKey = app.accessLogKey
        self.registry = app.personalData
    }

    func erase(_ id: UUID) async throws {
        try await erase([id])
    }

    func erase(_ ids: [UUID]) async throws {
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            let batch = Array(ids[start..<min(start + batchSize, ids.count)])
            // Media first, outside the transaction (a database-backed store writes on its own
            // connection); the rows still name them, so an interrupted run finds them again.
            for declaration in registry.declarations {
                for key in try await declaration.media?(db, batch) ?? [] { try await media.delete(key) }
            }
            try await db.writeTransaction { db in try await eraseBatch(batch, on: db) }
            await afterBatch()
            // A pause between batches lets the server's own writes (the access log of every read)
            // take the write lock, so a large erasure does not stall requests while it runs.
            if start + batchSize < ids.count { try await Task.sleep(for: .milliseconds(pause)) }
        }
    }

    private func eraseBatch(_ ids: [UUID], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, !ids.isEmpty else { return }
        let emails = try await User.query(on: db).filter(\.$id ~~ ids).all().compactMap(\.email)
        let idList = SQLGroupExpression(SQLList(ids.map { SQLBind($0) }))
        for declaration in registry.declarations {
            for file in try await declaration.files?(db, ids, dataDirectory) ?? [] {
                try? FileManager.default.removeItem(at: file)
            }
            for (column, erasure) in declaration.columns where !(declaration.table == User.schema && column == "id") {
                switch erasure {
                case .deleteRow:
                    try await sql.delete(from: declaration.table).where(SQLIdentifier(column), .in, idList).run()
                case .setNull:
                    try await sql.update(declaration.table).set(SQLIdentifier(column), to: SQLLiteral.null)
                        .where(SQLIdentifier(column), .in, idList).run()
                case .setNullClearing(let cleared):
                    let update = sql.update(declaration.table).set(SQLIdentifier(column), to: SQLLiteral.null)
                    for other in cleared { update.set(SQLIdentifier(other), to: SQLLiteral.null) }
                    try await update.where(SQLIdentifier(column), .in, idList).run()
                case .redactAccessLog:
                    continue
                }
            }
            if declaration.columns.contains(where: { $0.erasure == .redactAccessLog }) {
                try await AccessLog(db: db, key: accessLogKey).redact(people: ids)
            }
            if let column = declaration.emailColumn, !emails.isEmpty {
                try await sql.delete(from: declaration.table)
                    .where(SQLIdentifier(column), .in, SQLGroupExpression(SQLList(emails.map { SQLBind($0) }))).run()
            }
        }
        try await sql.delete(from: User.schema).where("id", .in, idList).run()
    }
}
