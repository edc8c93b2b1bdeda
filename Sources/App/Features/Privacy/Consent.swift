import Fluent
import Vapor

/// One line of the append-only consent log: a consent given to a policy version, or withdrawn.
final class Consent: Model, @unchecked Sendable {
    static let schema = "consents"

    enum Action: String, Codable, Sendable {
        case given, withdrawn
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// The person who acted: the user, or their guardian for a child.
    @OptionalParent(key: "given_by") var givenBy: User?
    @Field(key: "policy_version") var policyVersion: Int
    @Field(key: "action") var action: Action
    @Field(key: "at") var at: Date

    init() {}

    init(userID: UUID, givenBy: UUID, policyVersion: Int, action: Action, at: Date) {
        self.$user.id = userID
        self.$givenBy.id = givenBy
        self.policyVersion = policyVersion
        self.action = action
        self.at = at
    }
}
