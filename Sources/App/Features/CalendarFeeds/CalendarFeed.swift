import Fluent
import Foundation
import SQLKit

/// A private, revocable address at which a calendar app reads a user's plan. It reads as its
/// maker sees the plan, and only while the maker may: a planner removed from the user, or a
/// feed revoked, reads nothing more. Only the token's hash is stored.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "created_by") var createdBy: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(user: UUID, createdBy: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
