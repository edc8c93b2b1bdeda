import Fluent
import Foundation

/// A user's stars: whether rewards are on, the stars held, earned in all, and redemptions waiting.
/// Changed only by single `UPDATE`s that test and change at once, so the stars never go below
/// zero however many asks arrive together.
package final class StarAccount: Model, @unchecked Sendable {
    package static let schema = "star_accounts"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "enabled") package var enabled: Bool
    @Field(key: "balance") package var balance: Int
    @Field(key: "earned") package var earned: Int
    @Field(key: "pending") package var pending: Int
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package init(user: UUID, now: Date) {
        id = UUID()
        $user.id = user
        enabled = false
        balance = 0
        earned = 0
        pending = 0
        updatedAt = now
    }
}

/// Stars earned once for one source (a done occurrence, a goal's progress on a day).
package final class StarEntry: Model, @unchecked Sendable {
    package static let schema = "star_entries"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// activity or goal.
    @Field(key: "kind") package var kind: String
    @Field(key: "source") package var source: String
    @Field(key: "stars") package var stars: Int
    @Field(key: "earned_at") package var earnedAt: Date

    package init() {}
}

/// A reward a planner set up for a user, and the stars it costs.
package final class Reward: Model, @unchecked Sendable {
    package static let schema = "rewards"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "created_by") package var createdBy: User?
    @Field(key: "title") package var title: String
    @OptionalField(key: "pictogram_id") package var pictogramID: UUID?
    @Field(key: "cost") package var cost: Int
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// The user asked for a reward; a planner confirms it (or declines it, and the stars go back).
package final class RewardRedemption: Model, @unchecked Sendable {
    package static let schema = "reward_redemptions"

    package enum Status: String, Codable, Sendable {
        case pending, confirmed, declined
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// The reward asked for; its title and cost are kept here, as they were when asked.
    @OptionalParent(key: "reward_id") package var reward: Reward?
    @Field(key: "title") package var title: String
    @OptionalField(key: "pictogram_id") package var pictogramID: UUID?
    @Field(key: "cost") package var cost: Int
    @Field(key: "status") package var status: Status
    @Field(key: "client_key") package var clientKey: String
    @OptionalParent(key: "asked_by") package var askedBy: User?
    @Field(key: "asked_at") package var askedAt: Date
    @OptionalParent(key: "decided_by") package var decidedBy: User?
    @OptionalField(key: "decided_at") package var decidedAt: Date?

    package init() {}
}
