import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// The overview of a user's goals (not archived): each goal's last twelve weeks and streak, and
/// the share of planned activities done in each of those weeks. The days with progress come
/// summed by the database, twelve weeks at first and further back only while a streak goes on.
struct GoalOverviews {
    let db: any Database
    let user: User
    let viewer: UUID
    let now: Date

    func make() async throws -> GoalOverviewDTO {
        let zone = TimeZone.named(user.timeZone)
        let today = LocalDateTime(instant: now, in: zone).date
        let userID = try user.requireID()
        let goals = try await Goal.query(on: db).filter(\.$user.$id == userID).filter(\.$status != .archived)
            .sort(\.$createdAt).all()
        let weeks = GoalRules.overviewWeeks
        let first = GoalOverview.monday(of: today).adding(days: -7 * (weeks - 1))
        var days = try await self.days(of: userID, from: first, to: today)
        var items: [GoalOverviewDTO.Item] = []
        for goal in goals {
            let id = try goal.requireID()
            var from = first
            var overview = GoalOverview(days: days[id] ?? [], measure: goal.measure, today: today)
            // A streak as long as the window may go on before it: read a year further back at a
            // time, for this goal alone, until it ends (or the goal's own beginning).
            let goalStart = LocalDateTime(instant: goal.createdAt, in: zone).date.adding(days: -366)
            while reachesBack(overview, to: from, today: today), from > goalStart {
                let earlier = from.adding(days: -364)
                let more = try await self.days(of: userID, goal: id, from: earlier, to: from.adding(days: -1))
                days[id, default: []].append(contentsOf: more[id] ?? [])
                from = earlier
                overview = GoalOverview(days: days[id] ?? [], measure: goal.measure, today: today)
                if more.isEmpty { break }
            }
            items.append(
                GoalOverviewDTO.Item(
                    goalId: id,
                    title: goal.title,
                    measure: goal.measureKind,
                    target: goal.target,
                    period: goal.period,
                    status: goal.status.rawValue,
                    weeks: overview.weeks.map {
                        GoalOverviewDTO.Week(
                            start: $0.start.description,
                            amount: $0.amount,
                            activeDays: $0.activeDays,
                            daysReached: $0.daysReached,
                            averageRating: $0.averageRating,
                            reached: $0.reached
                        )
                    },
                    streak: overview.streak,
                    streakUnit: overview.streakUnit.rawValue
                )
            )
        }
        return GoalOverviewDTO(today: today.description, goals: items, activities: try await activities(from: first, today: today))
    }

    /// Whether the streak fills every day (week) read so far, from `from`: it may go on before.
    private func reachesBack(_ overview: GoalOverview, to from: LocalDate, today: LocalDate) -> Bool {
        switch overview.streakUnit {
        case .day: overview.streak >= today.dayNumber - from.dayNumber
        case .week: overview.streak >= (GoalOverview.monday(of: today).dayNumber - from.dayNumber) / 7
        }
    }

    /// The days with progress (comments aside), summed, by goal.
    private func days(of userID: UUID, goal: UUID? = nil, from: LocalDate, to: LocalDate) async throws -> [UUID: [GoalOverview.Day]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let query = sql.select()
            .column("goal_id")
            .column("local_date")
            // PostgreSQL sums a bigint as numeric: the sum is cast back to a whole number.
            .column(SQLRaw("CAST(SUM(amount) AS BIGINT)"), as: "amount")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "entries")
            .from(GoalProgressEntry.schema)
            .where("user_id", .equal, SQLBind(userID))
            .where("kind", .notEqual, SQLBind(ProgressKind.comment.rawValue))
            .where("local_date", .greaterThanOrEqual, SQLBind(from.description))
            .where("local_date", .lessThanOrEqual, SQLBind(to.description))
            .groupBy("goal_id")
            .groupBy("local_date")
        if let goal { query.where("goal_id", .equal, SQLBind(goal)) }
        var found: [UUID: [GoalOverview.Day]] = [:]
        for row in try await query.all() {
            guard let date = LocalDate(iso: try row.decode(column: "local_date", as: String.self)) else { continue }
            let day = GoalOverview.Day(
                date: date,
                amount: try row.decode(column: "amount", as: Int.self),
                entries: try row.decode(column: "entries", as: Int.self)
            )
            found[try row.decode(column: "goal_id", as: UUID.self), default: []].append(day)
        }
        return found
    }

    /// Planned (not cancelled) and done activities per week, as the viewer sees the plan.
    private func activities(from first: LocalDate, today: LocalDate) async throws -> [GoalOverviewDTO.ActivityWeek] {
        let last = first.adding(days: 7 * GoalRules.overviewWeeks - 1)
        let occurrences = try await PlanBuilder(db: db, user: user, viewer: viewer, now: now).occurrences(from: first, to: last)
        var planned = [Int](repeating: 0, count: GoalRules.overviewWeeks)
        var done = planned
        for occurrence in occurrences where occurrence.state != .cancelled {
            guard let date = LocalDate(iso: occurrence.localStart.prefix(10)) else { continue }
            let week = (date.dayNumber - first.dayNumber) / 7
            guard planned.indices.contains(week) else { continue }
            planned[week] += 1
            if occurrence.state == .done { done[week] += 1 }
        }
        return planned.indices.map {
            GoalOverviewDTO.ActivityWeek(start: first.adding(days: 7 * $0).description, planned: planned[$0], done: done[$0])
        }
    }
}
