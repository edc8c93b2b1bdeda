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
        let report = try await AuditVerifyCommand.report(on: context.application)
        context.console.print(report)
        if report.contains("broken") { throw AuditBroken() }
    }
}

struct AuditBroken: Error, CustomStringConvertible {
    var description: String { "The access log has been changed." }
}

enum AuditVerifyCommand {
    /// Seals what is waiting (the command has the key), then walks the whole chain.
    static func report(on app: Application) async throws -> String {
        try await app.sealAccessLog()
        let verdict = try await app.accessLog.verify()
        if let broken = verdict.broken {
            return "Access log: \(verdict.entries) entries, broken at entry \(broken.seq): it \(broken.reason)."
        }
        return "Access log: \(verdict.entries) entries, intact."
    }
}
