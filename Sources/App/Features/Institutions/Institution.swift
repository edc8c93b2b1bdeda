import Fluent
import MobilizeCore
import Vapor

/// A school, municipality or group home. It has staff and serves users; it buys licences
/// under its customer number.
package final class Institution: Model, @unchecked Sendable {
    package static let schema = "institutions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "customer_number") package var customerNumber: String
    @Field(key: "created_at") package var createdAt: Date
    @Children(for: \.$institution) package var departments: [Department]

    package init() {}

    package init(name: String, customerNumber: String, createdAt: Date) {
        self.name = name
        self.customerNumber = customerNumber
        self.createdAt = createdAt
    }
}

package final class Department: Model, @unchecked Sendable {
    package static let schema = "departments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "institution_id") package var institution: Institution
    @Field(key: "name") package var name: String

    package init() {}

    package init(institutionID: UUID, name: String) {
        self.$institution.id = institutionID
        self.name = name
    }
}

/// Being staff grants no access to any user's data: only being that user's planner does.
package final class StaffMembership: Model, @unchecked Sendable {
    package static let schema = "staff_memberships"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "institution_id") package var institution: Institution
    @Parent(key: "user_id") package var user: User
    @Field(key: "role") package var role: StaffRole
    @OptionalParent(key: "department_id") package var department: Department?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(institutionID: UUID, userID: UUID, role: StaffRole, departmentID: UUID?, createdAt: Date) {
        self.$institution.id = institutionID
        self.$user.id = userID
        self.role = role
        self.$department.id = departmentID
        self.createdAt = createdAt
    }
}

final class StaffInvitation: Model, @unchecked Sendable {
    package static let schema = "staff_invitations"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "institution_id") package var institution: Institution
    @Parent(key: "invited_by") package var invitedBy: User
    @Field(key: "email") package var email: String
    @Field(key: "role") package var role: StaffRole
    @OptionalParent(key: "department_id") package var department: Department?
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "status") package var status: Invitation.Status
    @Field(key: "expires_at") package var expiresAt: Date
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(
        institutionID: UUID,
        invitedBy: UUID,
        email: String,
        role: StaffRole,
        departmentID: UUID?,
        tokenHash: String,
        createdAt: Date
    ) {
        self.$institution.id = institutionID
        self.$invitedBy.id = invitedBy
        self.email = email
        self.role = role
        self.$department.id = departmentID
        self.tokenHash = tokenHash
        self.status = .pending
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(7 * 86_400)
    }
}

/// A user the institution serves: enrolled by staff and accepted by a guardian, or linked by a
/// guardian who is staff there.
final class ServedUser: Model, @unchecked Sendable {
    package static let schema = "institution_users"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "institution_id") package var institution: Institution
    @Parent(key: "user_id") package var user: User
    @Parent(key: "added_by") package var addedBy: User
    /// The group or class the user is in there.
    @OptionalParent(key: "department_id") package var department: Department?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(institutionID: UUID, userID: UUID, addedBy: UUID, createdAt: Date) {
        self.$institution.id = institutionID
        self.$user.id = userID
        self.$addedBy.id = addedBy
        self.createdAt = createdAt
    }
}

extension InstitutionAccess.Granted {
    /// The institution the caller was granted access to.
    package func institution(on db: any Database) async throws -> Institution {
        guard let institution = try await Institution.find(institutionID, on: db) else { throw Problem.notFound() }
        return institution
    }
}
