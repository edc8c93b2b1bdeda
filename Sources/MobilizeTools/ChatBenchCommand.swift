import App
import Fluent
import Foundation
import MobilizeCore
import Vapor

/// `mobilize bench-chat seed --circles N --members M --idle K --tokens FILE`: data for
/// `scripts/bench-chat.sh`. N young people, each with M - 1 planners of their own, so that each
/// circle's conversation has M members; every member has a session, and K more people one each
/// for idle sockets. FILE gets one line a session: `<circle index or "idle"> <user id> <token>`.
struct ChatBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed")
        var action: String
        @Option(name: "circles", help: "Circles, each with one conversation (default 20)")
        var circles: Int?
        @Option(name: "members", help: "Members of each circle's conversation (default 10)")
        var members: Int?
        @Option(name: "idle", help: "People with a session for idle sockets (default 0)")
        var idle: Int?
        @Option(name: "tokens", help: "Where to write the sessions")
        var tokens: String?
    }

    var help: String { "Seeds circles and sessions for scripts/bench-chat.sh." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "seed", let file = signature.tokens else {
            throw ConfigError(variable: "action", problem: "is seed, with --tokens FILE")
        }
        let app = context.application
        let now = app.clock.now
        var users: [User] = []
        var links: [PlannerLink] = []
        var lines: [(String, UUID)] = []
        let person = { (name: String) -> User in
            let user = User(name: name, locale: .da, app: .planet, timeZone: "Europe/Copenhagen", activeAt: now)
            user.id = UUID()
            users.append(user)
            return user
        }
        for circle in 0..<(signature.circles ?? 20) {
            let young = person("Young \(circle)")
            lines.append(("\(circle)", young.id!))
            for member in 1..<(signature.members ?? 10) {
                let planner = person("Planner \(circle)-\(member)")
                links.append(PlannerLink(userID: young.id!, plannerID: planner.id!, role: .planner, createdAt: now))
                lines.append(("\(circle)", planner.id!))
            }
        }
        for index in 0..<(signature.idle ?? 0) {
            lines.append(("idle", person("Idle \(index)").id!))
        }
        var sessions: [AuthSession] = []
        var out: [String] = []
        for (label, userID) in lines {
            let token = Secret.token()
            sessions.append(
                AuthSession(
                    userID: userID,
                    tokenHash: Secret.hash(token),
                    kind: .web,
                    createdAt: now,
                    expiresAt: now.addingTimeInterval(86_400)
                )
            )
            out.append("\(label) \(userID.uuidString) \(token)")
        }
        for chunk in stride(from: 0, to: users.count, by: 500) {
            try await users[chunk..<min(chunk + 500, users.count)].create(on: app.db)
        }
        for chunk in stride(from: 0, to: links.count, by: 500) {
            try await links[chunk..<min(chunk + 500, links.count)].create(on: app.db)
        }
        for chunk in stride(from: 0, to: sessions.count, by: 500) {
            try await sessions[chunk..<min(chunk + 500, sessions.count)].create(on: app.db)
        }
        try Data((out.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        context.console.print("circles=\(signature.circles ?? 20) sessions=\(out.count)")
    }
}
