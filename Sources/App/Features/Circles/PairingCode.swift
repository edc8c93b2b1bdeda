import Fluent
import Vapor

/// A short-lived, single-use code that signs a device in as one user.
final class PairingCode: Model, @unchecked Sendable {
    static let schema = "pairing_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "created_by") var createdBy: User
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, createdBy: UUID, codeHash: String, expiresAt: Date) {
        self.$user.id = userID
        self.$createdBy.id = createdBy
        self.codeHash = codeHash
        self.expiresAt = expiresAt
    }
}
