import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// The overview of a user's goals (not archived): each goal's last twelve weeks and streak, and
/// the share of planned activities done in each of those weeks. The days with progress come
/// summed by the database in one read. Like the plan's days, an overview is kept in the access
/// cache, which every change empties (a tick, a progress entry, an edited activity): a parent's
/// or teacher's screen that reads it again reads no database.
struct GoalOverviews {
    let db: any Database
    let user: User
    let viewer: UUID
    let now: Date

    struct Key: Hashable {
        let user: UUID
        let today: LocalDate
        /// Another person's private activities count as the viewer sees them.
        let ownView: Bool
    }

    func make(cache: AccessCache?) async throws -> GoalOverviewDTO {
        let userID = try user.requireID()
        let today = LocalDateTime(instant: now, in: TimeZone.named(user.timeZone)).date
        guard let cache else { return try await make(today: today) }
        return try await cache.derived(Key(user: userID, today: today, ownView: viewer == userID), at: now) {
            try await make(today: today)
        }
    }

    private func make(today: LocalDate) async throws -> GoalOverviewDTO {
        let userID = try user.requireID()
        let goals = try await Goal.query(on: db).filter(\.$user.$id == userID).filter(\.$status != .archived)
            .sort(\.$createdAt).all()
        let weeks = GoalRules.overviewWeeks
        let first = GoalOverview.monday(of: today).adding(days: -7 * (weeks - 1))
        // Every day with progress of the last three years, in one read: the twelve weeks, and the
        // streaks as far back as they go (a streak longer than three years shows as three years).
        let days = try await self.days(of: userID, from: today.adding(days: -GoalRules.streakDays + 1), to: today)
        var items: [GoalOverviewDTO.Item] = []
        for goal in goals {
            let id = try goal.requireID()
            let overview = GoalOverview(days: days[id] ?? [], measure: goal.measure, today: today)
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

    /// The days with progress (comments aside), summed, by goal.
    private func days(of userID: UUID, from: LocalDate, to: LocalDate) async throws -> [UUID: [GoalOverview.Day]] {
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
        let occurrences = try await PlanBuilder(db: db, user: user, viewer: viewer, now: now)
            .occurrenceStates(from: first, to: last)
        var planned = [Int](repeating: 0, count: GoalRules.overviewWeeks)
        var done = planned
        for occurrence in occurrences where occurrence.state != .cancelled {
            let week = (occurrence.date.dayNumber - first.dayNumber) / 7
            guard planned.indices.contains(week) else { continue }
            planned[week] += 1
            if occurrence.state == .done { done[week] += 1 }
        }
        return planned.indices.map {
            GoalOverviewDTO.ActivityWeek(start: first.adding(days: 7 * $0).description, planned: planned[$0], done: done[$0])
        }
    }
}
