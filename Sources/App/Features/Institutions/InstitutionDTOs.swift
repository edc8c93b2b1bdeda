import Foundation
import MobilizeCore
import Vapor

struct DepartmentDTO: Content {
    var id: UUID
    var name: String
}

struct InstitutionDTO: Content {
    var id: UUID
    var name: String
    var customerNumber: String
    var role: StaffRole
    var departments: [DepartmentDTO]
}

struct StaffMemberDTO: Content {
    var userId: UUID
    var name: String
    @NullEncoded var email: String?
    var role: StaffRole
    @NullEncoded var departmentId: UUID?
}

struct StaffInvitationDTO: Content {
    var id: UUID
    var institutionId: UUID
    var email: String
    var role: StaffRole
    var status: Invitation.Status
    var expiresAt: Date
}

struct ServedUserDTO: Content {
    var userId: UUID
    var name: String
    var app: AppKind
    /// The group or class the user is in.
    @NullEncoded var departmentId: UUID?
}

struct NameRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name"]
    var name: String
}

struct StaffInviteRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "role", "departmentId"]
    var email: String
    var role: StaffRole
    var departmentId: UUID?
}

struct ServeUserRequest: StrictContent {
    static let allowedKeys: Set<String> = ["userId"]
    var userId: UUID
}

extension Institution {
    /// Needs `departments` loaded.
    func toDTO(role: StaffRole) throws -> InstitutionDTO {
        InstitutionDTO(
            id: try requireID(),
            name: name,
            customerNumber: customerNumber,
            role: role,
            departments: try departments.map { DepartmentDTO(id: try $0.requireID(), name: $0.name) }
        )
    }
}

extension StaffInvitation {
    func toDTO() throws -> StaffInvitationDTO {
        StaffInvitationDTO(
            id: try requireID(),
            institutionId: $institution.id,
            email: email,
            role: role,
            status: status,
            expiresAt: expiresAt
        )
    }
}
