import Fluent
import Vapor

/// A single-use token sent by mail: verify an email address or reset a password.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    enum Purpose: String, Codable, Sendable {
        case verifyEmail = "verify_email"
        case resetPassword = "reset_password"
        /// Confirms a new address; `email` holds the new one.
        case changeEmail = "change_email"
        /// A young person's own sign-in by address, given by their guardian: `email` holds the
        /// address, and the token sets the first password.
        case setupLogin = "setup_login"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "token_hash") var tokenHash: String
    /// The address a token was sent to, so that a later change of address voids it (for a
    /// change of address: the new one).
    @OptionalField(key: "email") var email: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, purpose: Purpose, tokenHash: String, email: String?, expiresAt: Date) {
        self.$user.id = userID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.email = email
        self.expiresAt = expiresAt
    }
}
