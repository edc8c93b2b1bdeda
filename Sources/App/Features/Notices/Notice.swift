import Fluent
import Foundation

/// One message to one person by mail or SMS, kept until it is sent (an outbox): written in the same
/// moment as what it tells of, sent by whichever instance takes it, tried again with growing
/// pauses when the mail relay fails, and remembered as sent or given up. Its `key` makes a
/// message that is written twice (a firing repeated after a restart) one message.
package final class Notice: Model, @unchecked Sendable {
    package static let schema = "notices"

    package enum Status: String, Codable, Sendable {
        /// Waiting for `nextAttemptAt`.
        case queued
        /// Taken by an instance until `leaseUntil`.
        case sending
        case sent
        /// Given up after `NoticeRetry.attempts` tries; `lastError` says what went wrong.
        case failed
    }

    @ID(key: .id) package var id: UUID?
    /// None for an invitation to someone without an account: it goes to `address`.
    @OptionalParent(key: "recipient_id") package var recipient: User?
    package enum Channel: String, Codable, Sendable {
        case mail, sms
    }

    /// What it is: `escalation`, `summary`, `service`, `code`, `account`, `invitation`, `privacy`.
    @Field(key: "kind") package var kind: String
    /// Unique: the same message written again is not sent again.
    @Field(key: "key") package var key: String
    @Field(key: "channel") package var channel: Channel
    /// Where it goes when not to the person's confirmed address or proved number: a code, to the
    /// number it proves; an account mail or an invitation, to the address it is about.
    @OptionalField(key: "address") package var address: String?
    @Field(key: "subject") package var subject: String
    @Field(key: "body") package var body: String
    @Field(key: "status") package var status: Status
    @Field(key: "attempts") package var attempts: Int
    @Field(key: "next_attempt_at") package var nextAttemptAt: Date
    @OptionalField(key: "leased_by") package var leasedBy: String?
    @OptionalField(key: "lease_until") package var leaseUntil: Date?
    /// The kind of the last failure, never an address or a text.
    @OptionalField(key: "last_error") package var lastError: String?
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "sent_at") package var sentAt: Date?
    /// A service notice that may be unsubscribed from: the SHA-256 of the token its link carries.
    @OptionalField(key: "unsubscribe_hash") package var unsubscribeHash: String?

    package init() {}

    /// The kinds whose text carries a link that signs in, resets or proves something: forgotten
    /// (the text, not the subject) once sent or given up.
    static let linkKinds: Set<String> = ["account", "invitation"]
}

/// How a person wants to be told, besides their open screens and notifications.
package final class NoticeSettings: Model, @unchecked Sendable {
    package static let schema = "notice_settings"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// A mail too, when someone in their circle has not confirmed an activity in time.
    @Field(key: "escalation_mail") package var escalationMail: Bool
    /// An SMS too, to their proved number, when the server has an SMS gateway.
    @Field(key: "escalation_sms") package var escalationSMS: Bool
    /// A mail each evening with what was done that day in the plans of the people they plan for.
    @Field(key: "daily_summary") package var dailySummary: Bool
    /// Service news that is not essential (updates, new features); notices of downtime and of
    /// security come regardless.
    @Field(key: "service_news") package var serviceNews: Bool
    /// The local day (`YYYY-MM-DD`) the last daily summary was written for.
    @OptionalField(key: "summary_sent_on") package var summarySentOn: String?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    /// The defaults, for a person without a row: escalations by mail too, no daily summary,
    /// service news on.
    package init(user: UUID) {
        self.$user.id = user
        escalationMail = true
        escalationSMS = false
        dailySummary = false
        serviceNews = true
        updatedAt = Date(timeIntervalSince1970: 0)
    }
}
