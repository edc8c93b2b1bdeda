import Foundation
import MobilizeCore
import Vapor

struct PlannedUserDTO: Content {
    var user: UserDTO
    var role: PlannerRole
}

struct PlannerDTO: Content {
    var plannerId: UUID
    var name: String
    @NullEncoded var email: String?
    var role: PlannerRole
    var since: Date
}

extension PlannerLink {
    /// Needs `planner` loaded.
    func toDTO() -> PlannerDTO {
        PlannerDTO(plannerId: $planner.id, name: planner.name, email: planner.email, role: role, since: createdAt)
    }
}

struct InvitationDTO: Content {
    var id: UUID
    var userId: UUID
    var email: String
    var role: PlannerRole
    var status: Invitation.Status
    var expiresAt: Date
    var createdAt: Date
}

extension Invitation {
    func toDTO() throws -> InvitationDTO {
        InvitationDTO(
            id: try requireID(),
            userId: $user.id,
            email: email,
            role: role,
            status: status,
            expiresAt: expiresAt,
            createdAt: createdAt
        )
    }
}

struct InvitationPreviewDTO: Content {
    var userName: String
    var invitedByName: String
    var role: PlannerRole
    var expiresAt: Date
    /// The address it was mailed to, masked ("g•••@example.org").
    var sentTo: String
    /// Whether it was mailed to the signed-in account's address.
    var forYou: Bool
    /// Whether that address is confirmed: accepting needs both.
    var emailVerified: Bool
}

struct PairingCodeDTO: Content {
    var code: String
    var expiresAt: Date
    var qrSvg: String
}

struct CreateUserRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "app", "timeZone", "birthYear", "locale", "policyVersion"]
    var name: String
    var app: AppKind
    var timeZone: String?
    var birthYear: Int?
    var locale: Language?
    /// The version of the privacy policy the creating guardian agrees to on the user's behalf.
    var policyVersion: Int?
}

struct UpdateUserRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "app", "timeZone", "birthYear", "locale"]
    var name: String?
    var app: AppKind?
    var timeZone: String?
    var birthYear: Int?
    var locale: Language?
}

struct RoleRequest: StrictContent {
    static let allowedKeys: Set<String> = ["role"]
    var role: PlannerRole
}

struct InviteRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "role"]
    var email: String
    var role: PlannerRole
}

struct PairRequest: StrictContent {
    static let allowedKeys: Set<String> = ["code", "deviceName"]
    var code: String
    var deviceName: String
}

/// A device that acts as a user: paired for them, or a planner's own session in child mode.
struct DeviceDTO: Content {
    enum Kind: String, Codable, Sendable {
        case paired
        case childMode
    }

    struct Opener: Content {
        var id: UUID
        var name: String
    }

    var id: UUID
    var kind: Kind
    @NullEncoded var deviceName: String?
    @NullEncoded var platform: String?
    @NullEncoded var browser: String?
    /// Who paired it or handed it over; null for one paired before this was recorded.
    @NullEncoded var openedBy: Opener?
    /// When it was paired, or when child mode began.
    var openedAt: Date
    var lastSeenAt: Date
    var current: Bool
}
