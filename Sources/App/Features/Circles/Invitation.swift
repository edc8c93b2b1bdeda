import Fluent
import MobilizeCore
import Vapor

/// An invitation by email to become a planner of a user; the link in the mail holds the token.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    enum Status: String, Codable, Sendable {
        case pending, accepted, declined, revoked
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "invited_by") var invitedBy: User
    @Field(key: "email") var email: String
    @Field(key: "role") var role: PlannerRole
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "status") var status: Status
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, invitedBy: UUID, email: String, role: PlannerRole, tokenHash: String, createdAt: Date) {
        self.$user.id = userID
        self.$invitedBy.id = invitedBy
        self.email = email
        self.role = role
        self.tokenHash = tokenHash
        self.status = .pending
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(7 * 86_400)
    }

    func isOpen(at now: Date) -> Bool { status == .pending && expiresAt > now }
}
