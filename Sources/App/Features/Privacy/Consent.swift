import Fluent
import Vapor

/// One line of the append-only consent log: a consent given to a policy version, or withdrawn.
package final class Consent: Model, @unchecked Sendable {
    package static let schema = "consents"

    package enum Action: String, Codable, Sendable {
        case given, withdrawn
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// The person who acted: the user, or their guardian for a child.
    @OptionalParent(key: "given_by") package var givenBy: User?
    @Field(key: "policy_version") package var policyVersion: Int
    @Field(key: "action") package var action: Action
    @Field(key: "at") package var at: Date

    package init() {}

    package init(userID: UUID, givenBy: UUID, policyVersion: Int, action: Action, at: Date) {
        self.$user.id = userID
        self.$givenBy.id = givenBy
        self.policyVersion = policyVersion
        self.action = action
        self.at = at
    }
}
