import Fluent
import Foundation

/// A person's phone number for text messages (an escalation by SMS), in E.164, and whether they
/// proved it is theirs with a code sent to it. The code is stored as its SHA-256 only.
package final class PhoneNumber: Model, @unchecked Sendable {
    package static let schema = "phone_numbers"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "number") package var number: String
    @OptionalField(key: "verified_at") package var verifiedAt: Date?
    @OptionalField(key: "code_hash") package var codeHash: String?
    @OptionalField(key: "code_expires_at") package var codeExpiresAt: Date?
    /// Tries at the current code, counted in the database.
    @Field(key: "code_tries") package var codeTries: Int
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
