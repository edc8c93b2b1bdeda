import Fluent
import Foundation

/// A browser's Web Push subscription: where its push service takes messages for it (`endpoint`),
/// and the keys its messages are encrypted to. It belongs to the session that made it: signing
/// out there, or the device's connection ending, ends it.
package final class PushSubscription: Model, @unchecked Sendable {
    package static let schema = "push_subscriptions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Parent(key: "session_id") package var session: AuthSession
    @Field(key: "endpoint") package var endpoint: String
    /// The browser's P-256 key and its auth secret, base64url.
    @Field(key: "p256dh") package var p256dh: String
    @Field(key: "auth") package var auth: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "last_success_at") package var lastSuccessAt: Date?
    /// Failed sends in a row; the subscription goes after `PushSender.maxFailures`.
    @Field(key: "failures") package var failures: Int

    package init() {}
}
