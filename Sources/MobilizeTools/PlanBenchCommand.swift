import App
import Fluent
import Foundation
import MobilizeCore
import Vapor

/// `mobilize bench-plan seed|expand`: data and timings for `scripts/bench-plan.sh`.
/// - `seed --users N --activities M --ids FILE`: a planner (plan-planner@example.org) guardian of N
///   children with M activities each, a third of them recurring with exceptions; the children's ids
///   go to FILE, one a line.
/// - `expand --activities N`: expands one year of N recurring activities in memory and prints the
///   milliseconds it took, with a baseline measured in the same run.
struct PlanBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "seed or expand")
        var action: String
        @Option(name: "users", help: "Children to seed (default 200)")
        var users: Int?
        @Option(name: "activities", help: "Activities per child (seed, default 30) or in all (expand, default 1000)")
        var activities: Int?
        @Option(name: "ids", help: "Where to write the children's ids (seed)")
        var ids: String?
    }

    static let rules = [
        "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
        "FREQ=MONTHLY;BYDAY=2TU,-1FR", "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=40",
        "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ]

    var help: String { "Seeds plans for scripts/bench-plan.sh, or times the recurrence expansion." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "seed": try await seed(context, signature)
        case "expand": expand(context, count: signature.activities ?? 1000)
        default: throw ConfigError(variable: "action", problem: "must be seed or expand")
        }
    }

    /// Activities of one user, like a family's: two thirds once, a third repeating with exceptions.
    static func activities(for user: UUID, by planner: UUID, count: Int, now: Date) -> [Activity] {
        (0..<count).map { index in
            let day = LocalDate(year: 2026, month: 11, day: 23).adding(days: index % 21)
            let activity = Activity(
                user: user,
                createdBy: planner,
                title: "Activity \(index)",
                start: LocalDateTime(date: day, hour: 7 + index % 12, minute: index % 4 * 15).description,
                timeZone: "Europe/Copenhagen",
                now: now
            )
            activity.id = UUID()
            activity.durationMinutes = 15 + index % 4 * 15
            if index % 3 == 0 {
                activity.recurrence = rules[index / 3 % rules.count]
                activity.exceptDates = [day.adding(days: 7).description, day.adding(days: 14).description]
            }
            activity.steps = index % 5 == 0 ? [.init(id: UUID(), text: "First"), .init(id: UUID(), text: "Then")] : []
            activity.reminders = [10]
            activity.timer = index % 2 == 0
            return activity
        }
    }

    private func seed(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        let now = app.clock.now
        let planner = User(
            email: "plan-planner@example.org",
            passwordHash: try await app.passwordHashing.hash(BenchSeedCommand.password),
            name: "Plan planner",
            locale: .en,
            app: .planet,
            timeZone: "Europe/Copenhagen",
            activeAt: now
        )
        try await planner.create(on: app.db)
        let plannerID = try planner.requireID()
        var ids: [UUID] = []
        for index in 0..<(signature.users ?? 200) {
            let child = User(
                name: "Child \(index)",
                locale: .da,
                app: .me,
                timeZone: "Europe/Copenhagen",
                activeAt: now
            )
            try await child.create(on: app.db)
            let id = try child.requireID()
            ids.append(id)
            try await PlannerLink(userID: id, plannerID: plannerID, role: .guardian, createdAt: now).create(on: app.db)
            try await Self.activities(for: id, by: plannerID, count: signature.activities ?? 30, now: now).create(
                on: app.db
            )
        }
        if let file = signature.ids {
            try Data(ids.map(\.uuidString).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        }
        context.console.print("users=\(ids.count) planner=plan-planner@example.org")
    }

    private func expand(_ context: CommandContext, count: Int) {
        let zone = TimeZone(identifier: "Europe/Copenhagen")!
        let start = LocalDateTime(iso: "2026-01-01T08:00")!
        let end = LocalDateTime(iso: "2026-12-31T23:59")!
        let rules = (0..<count).map { try! RecurrenceRule(parsing: Self.rules[$0 % Self.rules.count]) }
        let clock = ContinuousClock()
        var occurrences = 0
        let expansion = clock.measure {
            for (index, rule) in rules.enumerated() {
                occurrences += rule.occurrences(from: start.adding(minutes: index % 600), in: zone, through: end).count
            }
        }
        // The baseline: walking the same number of days one by one, with no rule at all.
        var days = 0
        let baseline = clock.measure {
            for _ in 0..<count {
                var date = start.date
                while date <= end.date {
                    days += date.weekday == 0 ? 1 : 0
                    date = date.adding(days: 1)
                }
            }
        }
        let milliseconds = { (duration: Duration) in
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        context.console.print(
            String(
                format: "expand=%.1f ms occurrences=%d baseline=%.1f ms ratio=%.2f",
                milliseconds(expansion),
                occurrences,
                milliseconds(baseline),
                milliseconds(expansion) / max(milliseconds(baseline), 0.001)
            )
        )
        _ = days
    }
}
