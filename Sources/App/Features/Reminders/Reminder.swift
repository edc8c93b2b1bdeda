import Fluent
import Foundation
import MobilizeCore

/// One reminder written down ahead: a prompt `offsetMinutes` before an occurrence of an activity
/// starts (0: as it starts). Written by the scheduler up to a day and a half ahead, so that a
/// restart finds them; taken by one instance when due (a lease), then delivered or dropped.
package final class Reminder: Model, @unchecked Sendable {
    package static let schema = "reminders"

    package enum Status: String, Codable, Sendable {
        /// Waiting for its minute.
        case scheduled
        /// Taken by an instance (`leasedBy`) until `leaseUntil`; another takes it after that.
        case firing
        case delivered
        /// Not delivered; `reason` says why.
        case dropped
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Parent(key: "activity_id") package var activity: Activity
    /// The occurrence's local start, `YYYY-MM-DDTHH:MM`, as the plan names it.
    @Field(key: "occurrence_start") package var occurrenceStart: String
    @Field(key: "offset_minutes") package var offsetMinutes: Int
    @Field(key: "due_at") package var dueAt: Date
    /// When the occurrence ends: a reminder not delivered by then is dropped.
    @Field(key: "ends_at") package var endsAt: Date
    @Field(key: "status") package var status: Status
    @OptionalField(key: "reason") package var reason: String?
    @OptionalField(key: "leased_by") package var leasedBy: String?
    @OptionalField(key: "lease_until") package var leaseUntil: Date?
    @OptionalField(key: "fired_at") package var firedAt: Date?

    package init() {}
}

/// A person's wishes for their reminders. Without a row, the defaults: sound on, speech off, the
/// start prompt on, no quiet hours, at most `ReminderRules.defaultPerHour` an hour.
package final class ReminderSettings: Model, @unchecked Sendable {
    package static let schema = "reminder_settings"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// `HH:MM` on the person's clock; both or neither.
    @OptionalField(key: "quiet_from") package var quietFrom: String?
    @OptionalField(key: "quiet_until") package var quietUntil: String?
    @Field(key: "sound") package var sound: Bool
    @Field(key: "speech") package var speech: Bool
    @Field(key: "at_start") package var atStart: Bool
    @Field(key: "per_hour") package var perHour: Int
    @OptionalParent(key: "updated_by") package var updatedBy: User?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package init(user: UUID) {
        self.$user.id = user
        sound = true
        speech = false
        atStart = true
        perHour = ReminderRules.defaultPerHour
        updatedAt = Date(timeIntervalSince1970: 0)
    }

    package var quietHours: ReminderRules.QuietHours? {
        guard let quietFrom, let quietUntil else { return nil }
        return ReminderRules.QuietHours(from: quietFrom, until: quietUntil)
    }
}
