/// Goals: how one is measured, what a progress entry may say, and the weekly overview a parent or
/// teacher reads at a glance. Weeks run Monday to Sunday on the user's own calendar dates, so a
/// daylight-saving change or a new year never moves an entry to another week. Nothing counts
/// against the user: a week without progress is simply empty, and a streak counts the weeks (or
/// days) that reached the goal up to now, the current one not yet reached leaving it whole.
public enum GoalRules {
    public static let maxTitle = 120
    public static let maxWhy = 2000
    public static let maxReward = 200
    public static let maxNote = 500
    public static let maxSteps = 20
    public static let maxStepText = 200
    /// A count target, and the most one entry may count.
    public static let maxCount = 100
    public static let ratings = 1...5
    /// Weeks in the overview.
    public static let overviewWeeks = 12
    /// How far back a streak is counted (three years).
    public static let streakDays = 1096
}

/// How a goal is measured.
public enum GoalMeasure: Sendable, Hashable {
    /// A number of times a day or a week ("pack my bag myself 4 times a week").
    case count(target: Int, period: GoalPeriod)
    /// A date to reach (progress is ticks on the way).
    case date(LocalDate)
    /// A rating from 1 to 5 (smileys).
    case scale

    public var kind: String {
        switch self {
        case .count: "count"
        case .date: "date"
        case .scale: "scale"
        }
    }
}

public enum GoalPeriod: String, Sendable, Hashable, CaseIterable, Codable {
    case day
    case week
}

/// What a progress entry is.
public enum ProgressKind: String, Sendable, Hashable, CaseIterable, Codable {
    case tick
    case count
    case rating
    /// A word of support, counted nowhere.
    case comment
}

extension GoalRules {
    /// The measure from a request's fields, or the problem with them (field, message).
    public static func measure(
        kind: String,
        target: Int?,
        period: String?,
        date: String?
    ) -> Result<GoalMeasure, FieldError> {
        switch kind {
        case "count":
            guard let target, (1...maxCount).contains(target) else {
                return .failure(FieldError(field: "target", message: "is a whole number from 1 to \(maxCount)"))
            }
            guard let period = GoalPeriod(rawValue: period ?? "week") else {
                return .failure(FieldError(field: "period", message: "is day or week"))
            }
            return .success(.count(target: target, period: period))
        case "date":
            guard let date, let day = LocalDate(iso: date), day.isValid else {
                return .failure(FieldError(field: "targetDate", message: "is a date, YYYY-MM-DD"))
            }
            return .success(.date(day))
        case "scale":
            return .success(.scale)
        default:
            return .failure(FieldError(field: "measure", message: "is count, date or scale"))
        }
    }

    /// The kinds of entry a measure takes: a count goal takes ticks and counts, a date goal
    /// ticks, a scale goal ratings.
    public static func accepts(_ kind: ProgressKind, for measure: GoalMeasure) -> Bool {
        switch (measure, kind) {
        case (.count, .tick), (.count, .count), (.date, .tick), (.scale, .rating), (_, .comment): true
        default: false
        }
    }

    /// The amount an entry records, or the problem with it.
    public static func amount(_ kind: ProgressKind, value: Int?) -> Result<Int, FieldError> {
        switch kind {
        case .tick:
            guard value == nil || value == 1 else { return .failure(FieldError(field: "value", message: "is 1 for a tick, or left out")) }
            return .success(1)
        case .count:
            guard let value, (1...maxCount).contains(value) else {
                return .failure(FieldError(field: "value", message: "is a count from 1 to \(maxCount)"))
            }
            return .success(value)
        case .rating:
            guard let value, ratings.contains(value) else { return .failure(FieldError(field: "value", message: "is a rating from 1 to 5")) }
            return .success(value)
        case .comment:
            guard value == nil else { return .failure(FieldError(field: "value", message: "is left out of a comment")) }
            return .success(0)
        }
    }
}

/// A field and what is wrong with it, as a failure.
extension FieldError: Error {}

/// The overview of one goal: progress per week and the current streak.
public struct GoalOverview: Sendable, Hashable {
    /// What was recorded on one day: the amounts together, how many entries, and the ratings'
    /// sum (for a scale goal).
    public struct Day: Sendable, Hashable {
        public let date: LocalDate
        public let amount: Int
        public let entries: Int

        public init(date: LocalDate, amount: Int, entries: Int) {
            self.date = date
            self.amount = amount
            self.entries = entries
        }
    }

    public struct Week: Sendable, Hashable {
        /// Its Monday.
        public let start: LocalDate
        /// Times done (a count goal: the counts; a date goal: the ticks; a scale goal: ratings given).
        public let amount: Int
        /// Days with any progress.
        public let activeDays: Int
        /// For a count-per-day goal, the days that reached the target.
        public let daysReached: Int
        /// The ratings' average (a scale goal), nil without ratings.
        public let averageRating: Double?
        /// The week reached the goal's target (a count goal), or had progress (the others).
        public let reached: Bool
    }

    public let weeks: [Week]
    /// Weeks in a row (days, for a count-per-day goal) that reached the target, up to now.
    public let streak: Int
    /// "week" or "day": what the streak counts.
    public let streakUnit: GoalPeriod

    /// The Monday of the week of `date`.
    public static func monday(of date: LocalDate) -> LocalDate { date.adding(days: -date.weekday) }

    /// Builds the overview from the days with progress (any order), up to `today`.
    public init(days: [Day], measure: GoalMeasure, today: LocalDate, weeks count: Int = GoalRules.overviewWeeks) {
        var byDay: [Int: Day] = [:]
        for day in days where day.date <= today {
            let old = byDay[day.date.dayNumber]
            byDay[day.date.dayNumber] = Day(
                date: day.date,
                amount: day.amount + (old?.amount ?? 0),
                entries: day.entries + (old?.entries ?? 0)
            )
        }
        let thisWeek = Self.monday(of: today)
        let dayReached = { (day: Day?) -> Bool in
            guard let day else { return false }
            if case .count(let target, .day) = measure { return day.amount >= target }
            return day.entries > 0
        }
        let week = { (start: LocalDate) -> Week in
            let inWeek = (0..<7).compactMap { byDay[start.adding(days: $0).dayNumber] }
            let amount = inWeek.reduce(0) { $0 + $1.amount }
            let entries = inWeek.reduce(0) { $0 + $1.entries }
            let reached: Bool
            switch measure {
            case .count(let target, .week): reached = amount >= target
            case .count: reached = inWeek.contains { dayReached($0) }
            case .date, .scale: reached = entries > 0
            }
            let scale = measure == .scale
            return Week(
                start: start,
                amount: scale ? entries : amount,
                activeDays: inWeek.count,
                daysReached: inWeek.filter { dayReached($0) }.count,
                averageRating: scale && entries > 0 ? Double(amount) / Double(entries) : nil,
                reached: reached
            )
        }
        weeks = (0..<count).reversed().map { week(thisWeek.adding(days: -7 * $0)) }
        // The streak: back from now while reached; the current week (or today) not reached yet
        // leaves it whole. Bounded by the days with progress, so it ends.
        let earliest = byDay.keys.min() ?? today.dayNumber
        if case .count(_, .day) = measure {
            streakUnit = .day
            var day = dayReached(byDay[today.dayNumber]) ? today : today.adding(days: -1)
            var run = 0
            while day.dayNumber >= earliest, dayReached(byDay[day.dayNumber]) {
                run += 1
                day = day.adding(days: -1)
            }
            streak = run
        } else {
            streakUnit = .week
            var start = week(thisWeek).reached ? thisWeek : thisWeek.adding(days: -7)
            var run = 0
            while start.dayNumber + 6 >= earliest, week(start).reached {
                run += 1
                start = start.adding(days: -7)
            }
            streak = run
        }
    }
}
