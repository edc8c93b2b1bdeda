import Fluent
import Vapor

/// A short-lived, single-use code that signs a device in as one user: a child's device (it
/// shows the day and ticks off), or a young person's own phone (signed in as themselves).
final class PairingCode: Model, @unchecked Sendable {
    static let schema = "pairing_codes"

    enum Purpose: String, Codable, Sendable {
        case device
        case signIn = "sign-in"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "created_by") var createdBy: User
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "purpose") var purpose: Purpose

    init() {}

    init(userID: UUID, createdBy: UUID, codeHash: String, expiresAt: Date, purpose: Purpose = .device) {
        self.$user.id = userID
        self.$createdBy.id = createdBy
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.purpose = purpose
    }
}
