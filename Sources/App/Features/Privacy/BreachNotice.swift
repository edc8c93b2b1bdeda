import Fluent
import Vapor

/// A record that a person was told about a breach (policy 9.1): which breach, whom, when.
final class BreachNotice: Model, @unchecked Sendable {
    static let schema = "breach_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "breach_id") var breachID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "window_end") var windowEnd: Date
    /// The person whose data was affected.
    @Parent(key: "subject_id") var subject: User
    /// Who was mailed: the person, or a guardian of a child.
    @Parent(key: "recipient_id") var recipient: User
    @Field(key: "sent_at") var sentAt: Date

    init() {}

    init(breachID: UUID, reason: String, window: ClosedRange<Date>, subjectID: UUID, recipientID: UUID, sentAt: Date) {
        self.breachID = breachID
        self.reason = reason
        self.windowStart = window.lowerBound
        self.windowEnd = window.upperBound
        self.$subject.id = subjectID
        self.$recipient.id = recipientID
        self.sentAt = sentAt
    }
}
