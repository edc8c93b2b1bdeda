import Fluent
import Vapor

/// `mobilize audit verify`: walks the access log's hash chain and reports the first broken link.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the access log: `mobilize audit verify` reports the first broken link." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw ConfigError(variable: "action", problem: "must be verify") }
        let report = try await AuditVerifyCommand.report(on: context.application.db)
        context.console.print(report)
        if report.contains("broken") { throw AuditBroken() }
    }
}

struct AuditBroken: Error, CustomStringConvertible {
    var description: String { "The access log has been changed." }
}

enum AuditVerifyCommand {
    static func report(on db: any Database) async throws -> String {
        let count = try await AccessLogEntry.query(on: db).count()
        if let broken = try await AccessLog(db: db).firstBrokenLink() {
            return "Access log: \(count) entries, broken at entry \(broken)."
        }
        return "Access log: \(count) entries, intact."
    }
}
