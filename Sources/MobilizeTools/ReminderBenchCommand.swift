import App
import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// `mobilize bench-reminders seed|report`: data and figures for `scripts/bench-reminders.sh`.
///
/// `seed --users U --reminders R --window S --lead L --sample K --tokens FILE`: U children, each
/// with activities whose reminders (a minute before, and the start) fall due within S seconds from
/// a minute at least L seconds ahead: R reminders in all. Before them, in a quiet minute, 100 more
/// for the baseline. K of the children have a session for a socket; FILE gets `<user id> <token>`
/// a line, and its first line is `burst <first due> <last due> quiet <due>` in seconds since 1970.
///
/// `report --from T`: the reminders due from T on, as the server delivered them: how many, and the
/// lag from due to delivered (p50, p99, max), for the quiet minute and for the burst apart.
struct ReminderBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed or report")
        var action: String
        @Option(name: "users", help: "Children (default 5000)")
        var users: Int?
        @Option(name: "reminders", help: "Reminders in the burst (default 100000)")
        var reminders: Int?
        @Option(name: "window", help: "Seconds the burst's reminders are due within (default 600)")
        var window: Int?
        @Option(name: "lead", help: "Seconds from now to the quiet minute at least (default 180)")
        var lead: Int?
        @Option(name: "sample", help: "Children with a session for a socket (default 500)")
        var sample: Int?
        @Option(name: "tokens", help: "Where to write the sessions")
        var tokens: String?
        @Option(name: "quiet", help: "report: the quiet minute's due time, seconds since 1970")
        var quiet: Int?
        @Option(name: "burst", help: "report: the burst's first due time, seconds since 1970")
        var burst: Int?
    }

    var help: String { "Seeds children and activities for scripts/bench-reminders.sh, and reports its lags." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "seed": try await seed(context, signature)
        case "report": try await report(context, signature)
        default: throw ConfigError(variable: "action", problem: "is seed or report")
        }
    }

    private func seed(_ context: CommandContext, _ signature: Signature) async throws {
        guard let file = signature.tokens else { throw ConfigError(variable: "tokens", problem: "is required") }
        let app = context.application
        let now = app.clock.now
        let userCount = signature.users ?? 5000
        // Two reminders an activity: a minute before, and the start.
        let activityCount = (signature.reminders ?? 100_000) / 2
        let window = signature.window ?? 600
        let zone = TimeZone(identifier: "Europe/Copenhagen")!
        let minute = { (date: Date) in Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.up) * 60) }
        let quiet = minute(now.addingTimeInterval(Double(signature.lead ?? 180)))
        // The burst's first reminder is due two minutes after the quiet one; its minutes fill the window.
        let first = quiet.addingTimeInterval(120)
        let minutes = max(1, window / 60)
        var users: [User] = []
        var settings: [ReminderSettings] = []
        for index in 0..<userCount {
            let user = User(name: "Child \(index)", locale: .da, app: .me, timeZone: zone.identifier, activeAt: now)
            user.id = UUID()
            users.append(user)
            let wishes = ReminderSettings(user: user.id!)
            wishes.perHour = ReminderRules.perHour.upperBound
            wishes.updatedAt = now
            settings.append(wishes)
        }
        var activities: [Activity] = []
        let start = { (user: User, due: Date, reminders: [Int]) in
            let activity = Activity(
                user: user.id!, createdBy: user.id!, title: "Task", start: LocalDateTime(instant: due, in: zone).description,
                timeZone: zone.identifier, now: now
            )
            activity.reminders = reminders
            activity.id = UUID()
            activities.append(activity)
        }
        for index in 0..<activityCount {
            // Spread over the window's minutes; the start one minute after the reminder before it.
            let due = first.addingTimeInterval(Double(60 * (index % minutes) + 60))
            start(users[index % userCount], due, [1])
        }
        // The quiet minute: 100 starts and nothing else due.
        for index in 0..<100 { start(users[(index * 37) % userCount], quiet, []) }
        var sessions: [AuthSession] = []
        var lines = [
            "burst \(Int(first.timeIntervalSince1970)) \(Int(first.addingTimeInterval(Double(60 * minutes)).timeIntervalSince1970)) "
                + "quiet \(Int(quiet.timeIntervalSince1970))"
        ]
        for user in users.prefix(signature.sample ?? 500) {
            let token = Secret.token()
            sessions.append(
                AuthSession(userID: user.id!, tokenHash: Secret.hash(token), kind: .device, createdAt: now, expiresAt: now.addingTimeInterval(86_400))
            )
            lines.append("\(user.id!.uuidString) \(token)")
        }
        for chunk in stride(from: 0, to: users.count, by: 500) {
            try await users[chunk..<min(chunk + 500, users.count)].create(on: app.db)
            try await settings[chunk..<min(chunk + 500, settings.count)].create(on: app.db)
        }
        for chunk in stride(from: 0, to: activities.count, by: 500) {
            try await activities[chunk..<min(chunk + 500, activities.count)].create(on: app.db)
        }
        for chunk in stride(from: 0, to: sessions.count, by: 500) {
            try await sessions[chunk..<min(chunk + 500, sessions.count)].create(on: app.db)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        context.console.print("users=\(userCount) activities=\(activities.count) sessions=\(sessions.count)")
    }

    private func report(_ context: CommandContext, _ signature: Signature) async throws {
        guard let quiet = signature.quiet, let burst = signature.burst, let sql = context.application.db as? any SQLDatabase
        else { throw ConfigError(variable: "quiet", problem: "report needs --quiet and --burst") }
        let rows = try await sql.raw(
            """
            SELECT due_at, fired_at, status FROM reminders WHERE due_at >= \(bind: Date(timeIntervalSince1970: Double(quiet)))
            """
        ).all()
        var quietLags: [Double] = []
        var burstLags: [Double] = []
        var burstCount = 0
        var statuses: [String: Int] = [:]
        for row in rows {
            let due = try row.decode(column: "due_at", as: Date.self)
            let status = try row.decode(column: "status", as: String.self)
            let fired = try row.decode(column: "fired_at", as: Date?.self)
            let isBurst = due.timeIntervalSince1970 >= Double(burst)
            if isBurst {
                burstCount += 1
                statuses[status, default: 0] += 1
            }
            guard status == "delivered", let fired else { continue }
            if isBurst { burstLags.append(fired.timeIntervalSince(due)) } else { quietLags.append(fired.timeIntervalSince(due)) }
        }
        func line(_ lags: [Double]) -> String {
            let sorted = lags.sorted()
            guard !sorted.isEmpty else { return "none" }
            let at = { (q: Double) in sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))] }
            return String(format: "p50 %.3f s  p99 %.3f s  max %.3f s", at(0.5), at(0.99), sorted.last!)
        }
        context.console.print("quiet \(quietLags.count) \(line(quietLags))")
        context.console.print("burst \(burstCount) delivered \(burstLags.count) \(line(burstLags))")
        context.console.print("statuses " + statuses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        let p99 = { (lags: [Double]) in lags.sorted()[min(lags.count - 1, Int((0.99 * Double(lags.count - 1)).rounded()))] }
        if !quietLags.isEmpty, !burstLags.isEmpty {
            context.console.print(String(format: "ratio burst p99 / quiet p99: %.2f", p99(burstLags) / max(0.001, p99(quietLags))))
        }
    }
}
