import Fluent
import SQLKit
import Vapor

/// Erases a person: everything the registry lists, in its order, then the account itself.
/// Every step is idempotent and the account row goes last, so an erasure interrupted half-way
/// is finished by the next run.
struct Eraser {
    let db: any Database
    let dataDirectory: String

    func erase(_ id: UUID) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let email = try await User.find(id, on: db)?.email
        for declaration in PersonalData.declarations {
            for file in try await declaration.files?(db, id, dataDirectory) ?? [] {
                try? FileManager.default.removeItem(at: file)
            }
            for (column, erasure) in declaration.columns where !(declaration.table == User.schema && column == "id") {
                switch erasure {
                case .deleteRow:
                    try await sql.delete(from: declaration.table).where(SQLIdentifier(column), .equal, SQLBind(id))
                        .run()
                case .setNull:
                    try await sql.update(declaration.table).set(SQLIdentifier(column), to: SQLLiteral.null)
                        .where(SQLIdentifier(column), .equal, SQLBind(id)).run()
                case .redactAccessLog:
                    continue
                }
            }
            if declaration.columns.contains(where: { $0.erasure == .redactAccessLog }) {
                try await AccessLog(db: db).redact(person: id)
            }
            if let column = declaration.emailColumn, let email {
                try await sql.delete(from: declaration.table).where(SQLIdentifier(column), .equal, SQLBind(email)).run()
            }
        }
        try await sql.delete(from: User.schema).where("id", .equal, SQLBind(id)).run()
    }
}
