import Fluent
import Foundation
import NIOCore
import Vapor

/// `mobilize pictures check-guard [--names "Ida Hansen,Gina Hansen"]`: reads every pictogram of the
/// archive with the guard against sensitive pictures, as if each were an upload to a circle with
/// these names, and prints how many it would hold. A drawing is never personal data: the answer
/// must be none, and the command fails otherwise (after a change of the guard's rules or
/// languages, this is the check that it still lets everyday pictures through).
struct GuardCheckCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "check-guard")
        var action: String
        @Option(name: "names", help: "the circle's names, comma-separated (default: the demo family's)")
        var names: String?
    }

    struct Held: Error, CustomStringConvertible {
        let count: Int
        var description: String { "the guard held \(count) pictograms of the archive" }
    }

    var help: String { "Reads the pictogram archive with the picture guard: `mobilize pictures check-guard`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "check-guard" else { throw ConfigError(variable: "action", problem: "must be check-guard") }
        let app = context.application
        guard let serving = app.pictureGuard else {
            throw ConfigError(variable: "PICTURE_GUARD", problem: "is off: there is no guard to check")
        }
        let names = (signature.names ?? "Ida Hansen,Gina Hansen,Oliver Hansen,Mette Jensen").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let archive = try await Pictogram.query(on: app.db).filter(\.$collection.$id == nil).sort(\.$code).all()
        let started = ContinuousClock.now
        let lanes = max(1, System.coreCount)
        // Nothing else runs: an engine for every core.
        let guarding = PictureGuard(settings: serving.settings, engines: lanes)
        var held: [(code: String, kinds: [String])] = []
        var read = 0
        try await withThrowingTaskGroup(of: (String, [String])?.self) { group in
            var next = archive.makeIterator()
            func add() async throws {
                guard let pictogram = next.next() else { return }
                let key = pictogram.imageKey
                let code = pictogram.code ?? pictogram.id?.uuidString ?? "?"
                guard let data = try await app.media.get(key) else { return }
                group.addTask {
                    let seen = try await guarding.look(at: data, names: names, on: app.threadPool)
                    return seen.findings.isEmpty ? (code, []) : (code, seen.findings.map(\.kind.rawValue))
                }
            }
            for _ in 0..<lanes { try await add() }
            while let result = try await group.next() {
                if let (code, kinds) = result {
                    read += 1
                    if !kinds.isEmpty { held.append((code, kinds)) }
                }
                try await add()
            }
        }
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        for (code, kinds) in held.sorted(by: { $0.code < $1.code }) {
            context.console.print("held: \(code) (\(kinds.joined(separator: ", ")))")
        }
        context.console.print(
            "Read \(read) pictograms of the archive in \(String(format: "%.1f", seconds)) s "
                + "(\(String(format: "%.0f", read == 0 ? 0 : seconds * 1000 / Double(read))) ms each): \(held.count) held."
        )
        if !held.isEmpty { throw Held(count: held.count) }
    }
}
