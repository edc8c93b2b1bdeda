import Fluent
import Foundation
import MobilizeCore

/// A goal of a user: what, why it matters, how it is measured, the steps on the way and an
/// optional reward; set up by the user or by a planner for them.
package final class Goal: Model, @unchecked Sendable {
    package static let schema = "goals"

    package enum Status: String, Codable, Sendable, CaseIterable {
        case active, reached, paused, archived
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "created_by") package var createdBy: User?
    @Field(key: "title") package var title: String
    @OptionalField(key: "why") package var why: String?
    @OptionalField(key: "pictogram_id") package var pictogramID: UUID?
    @OptionalField(key: "picture_id") package var pictureID: UUID?
    /// count, date or scale.
    @Field(key: "measure") package var measureKind: String
    @OptionalField(key: "target") package var target: Int?
    @OptionalField(key: "period") package var period: String?
    @OptionalField(key: "target_date") package var targetDate: String?
    @OptionalField(key: "reward") package var reward: String?
    @Field(key: "status") package var status: Status
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package init(user: UUID, createdBy: UUID, now: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        title = ""
        measureKind = "count"
        status = .active
        createdAt = now
        updatedAt = now
    }

    package var measure: GoalMeasure {
        get {
            switch measureKind {
            case "date": .date(targetDate.flatMap { LocalDate(iso: $0) } ?? LocalDate(year: 2200, month: 12, day: 31))
            case "scale": .scale
            default: .count(target: target ?? 1, period: GoalPeriod(rawValue: period ?? "week") ?? .week)
            }
        }
        set {
            measureKind = newValue.kind
            target = nil
            period = nil
            targetDate = nil
            switch newValue {
            case .count(let count, let per):
                target = count
                period = per.rawValue
            case .date(let date): targetDate = date.description
            case .scale: break
            }
        }
    }
}

/// One step (milestone) of a goal, in order, ticked when reached.
package final class GoalStep: Model, @unchecked Sendable {
    package static let schema = "goal_steps"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "goal_id") package var goal: Goal
    /// Whose goal (for erasure and export with the person).
    @Parent(key: "user_id") package var user: User
    @Field(key: "position") package var position: Int
    @Field(key: "text") package var text: String
    @OptionalField(key: "reached_at") package var reachedAt: Date?
    @OptionalParent(key: "reached_by") package var reachedBy: User?

    package init() {}

    package init(goal: UUID, user: UUID, position: Int, text: String) {
        self.$goal.id = goal
        self.$user.id = user
        self.position = position
        self.text = text
    }
}

/// One entry of progress on a goal: a tick, a count, a rating (1-5) or a comment, on a day of
/// the user's own calendar; by the user, a planner, or a linked activity marked done.
package final class GoalProgressEntry: Model, @unchecked Sendable {
    package static let schema = "goal_progress"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "goal_id") package var goal: Goal
    /// Whose goal.
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "recorded_by") package var recordedBy: User?
    @Field(key: "kind") package var kind: String
    /// 1 for a tick, the count, the rating, 0 for a comment.
    @Field(key: "amount") package var amount: Int
    @OptionalField(key: "note") package var note: String?
    /// The user's calendar date, YYYY-MM-DD: the week it counts in.
    @Field(key: "local_date") package var localDate: String
    @Field(key: "recorded_at") package var recordedAt: Date
    /// `<activity id>@<local start>` when a linked occurrence marked done recorded it.
    @OptionalField(key: "occurrence") package var occurrence: String?

    package init() {}

    /// An entry on `goal`'s own person, recorded by `recordedBy` at `at`.
    init(goal: Goal, recordedBy: UUID, kind: MobilizeCore.ProgressKind, amount: Int, date: LocalDate, at: Date) throws {
        $goal.id = try goal.requireID()
        $user.id = goal.$user.id
        $recordedBy.id = recordedBy
        self.kind = kind.rawValue
        self.amount = amount
        localDate = date.description
        recordedAt = at
    }
}
