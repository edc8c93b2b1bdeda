import Foundation
import MobilizeCore
import Vapor

struct UserDTO: Content {
    var id: UUID
    var name: String
    @NullEncoded var email: String?
    /// The sign-in name of a young person without an address.
    @NullEncoded var username: String?
    var emailVerified: Bool
    var locale: Language
    var app: AppKind
    var timeZone: String
    @NullEncoded var birthYear: Int?
    var hasLogin: Bool
    /// The account plans its own week: it opens on that week, not on the adults' home.
    var ownWeek: Bool
    /// Restricted: kept but not used; only its privacy settings answer.
    var restricted: Bool
    @NullEncoded var erasureDueAt: Date?
    /// The path of the profile picture's image, for the user's circle.
    @NullEncoded var avatar: String?
    var createdAt: Date
}

extension User {
    func toDTO() throws -> UserDTO {
        UserDTO(
            id: try requireID(),
            name: name,
            email: email,
            username: username,
            emailVerified: emailVerifiedAt != nil,
            locale: locale,
            app: app,
            timeZone: timeZone,
            birthYear: birthYear,
            hasLogin: hasLogin,
            ownWeek: ownWeek,
            restricted: isRestricted,
            erasureDueAt: erasureDueAt,
            avatar: avatarPath,
            createdAt: createdAt ?? Date()
        )
    }
}

extension User {
    var avatarPath: String? {
        if let picture = avatarPictureID { return "/api/v1/pictures/\(picture)?size=thumb" }
        if let pictogram = avatarPictogramID { return "/api/v1/pictograms/\(pictogram)/image" }
        return nil
    }
}

struct LoginResponse: Content {
    var token: String
    var expiresAt: Date
    var user: UserDTO
    /// A child's device (paired): it shows the day and ticks off. Otherwise the person is signed in.
    var device: Bool
    /// After a sign-in with a password: this device's token, to send with the next sign-in
    /// (`deviceToken`), so that a stranger's wrong passwords never slow its owner down. A browser
    /// keeps it as an HttpOnly cookie as well.
    @NullEncoded var deviceToken: String?
}

struct SessionDTO: Content {
    var id: UUID
    var userId: UUID
    var kind: AuthSession.Kind
    @NullEncoded var deviceName: String?
    @NullEncoded var platform: String?
    @NullEncoded var browser: String?
    @NullEncoded var ip: String?
    var createdAt: Date
    var lastSeenAt: Date
    var expiresAt: Date
    var current: Bool
}

extension AuthSession {
    func toDTO(currentID: UUID?) throws -> SessionDTO {
        let id = try requireID()
        return SessionDTO(
            id: id,
            userId: $user.id,
            kind: kind,
            deviceName: deviceName,
            platform: platform,
            browser: browser,
            ip: ip,
            createdAt: createdAt,
            lastSeenAt: lastSeenAt,
            expiresAt: expiresAt,
            current: id == currentID
        )
    }
}

struct RegisterRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "password", "name", "locale", "policyVersion", "ownWeek", "birthYear"]
    var email: String
    var password: String
    var name: String
    var locale: Language?
    /// The version of the privacy policy the person agrees to when signing up.
    var policyVersion: Int?
    /// A young person (13 or more) who plans their own week in PlaNet; needs `birthYear`.
    var ownWeek: Bool?
    var birthYear: Int?
}

/// Signs in with an address or, for a young person without one, a username.
struct LoginRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "username", "password", "deviceName", "deviceToken"]
    var email: String?
    var username: String?
    var password: String
    var deviceName: String?
    var deviceToken: String?
}

struct TokenRequest: StrictContent {
    static let allowedKeys: Set<String> = ["token"]
    var token: String
}

struct EmailRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email"]
    var email: String
}

struct ResetPasswordRequest: StrictContent {
    static let allowedKeys: Set<String> = ["token", "password"]
    var token: String
    var password: String
}

struct ChangePasswordRequest: StrictContent {
    static let allowedKeys: Set<String> = ["currentPassword", "newPassword"]
    var currentPassword: String
    var newPassword: String
}

struct ChangeEmailRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "password"]
    var email: String
    var password: String
}

struct UpdateMeRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "locale"]
    var name: String?
    var locale: Language?
}

/// A young person's own sign-in, given by their guardian: an address (they choose their password
/// from the mail sent there), or a username and a password.
struct OwnLoginRequest: StrictContent {
    static let allowedKeys: Set<String> = ["email", "username", "password"]
    var email: String?
    var username: String?
    var password: String?
}

/// The password a young person chooses from the mail their guardian had sent.
struct SetupLoginRequest: StrictContent {
    static let allowedKeys: Set<String> = ["token", "password", "deviceName"]
    var token: String
    var password: String
    var deviceName: String?
}
