import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// A school starting with a pupil: a staff member names the pupil (and their birth year and group)
/// and invites the pupil's guardians by mail. Until a guardian accepts, this and the invitations
/// are all that is stored: no account, no plan. On acceptance the pupil's account is made (or a
/// child the guardian has already is chosen), the institution serves them, and the inviting staff
/// member plans with them in the role the guardian chose.
final class Enrolment: Model, @unchecked Sendable {
    static let schema = "enrolments"

    enum Status: String, Codable, Sendable {
        case pending, accepted, withdrawn
    }

    /// How long an enrolment no guardian accepted is kept (its invitations last 14 days).
    static let unansweredLifetime: TimeInterval = 30 * 86_400

    @ID(key: .id) var id: UUID?
    @Parent(key: "institution_id") var institution: Institution
    @OptionalParent(key: "department_id") var department: Department?
    @Field(key: "name") var name: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    @Parent(key: "created_by") var createdBy: User
    @Field(key: "status") var status: Status
    /// The pupil's account, once a guardian accepted.
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One guardian's invitation to an enrolment: valid for 14 days, for the address it was sent to.
final class EnrolmentInvitation: Model, @unchecked Sendable {
    static let schema = "enrolment_invitations"
    static let lifetime: TimeInterval = 14 * 86_400

    @ID(key: .id) var id: UUID?
    @Parent(key: "enrolment_id") var enrolment: Enrolment
    @Field(key: "email") var email: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "status") var status: Invitation.Status
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
