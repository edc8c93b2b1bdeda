import Fluent
import Foundation
import SQLKit

/// A private, revocable address at which a calendar app reads a user's plan. It reads as its
/// maker sees the plan, and only while the maker may: a planner removed from the user, or a
/// feed revoked, reads nothing more. Only the token's hash is stored.
package final class CalendarFeed: Model, @unchecked Sendable {
    package static let schema = "calendar_feeds"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Parent(key: "created_by") package var createdBy: User
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "last_used_at") package var lastUsedAt: Date?

    package init() {}

    package init(user: UUID, createdBy: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
