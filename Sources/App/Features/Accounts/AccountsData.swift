import Fluent
import Foundation
import MobilizeCore

/// The personal data of accounts: the profile, sessions and mailed tokens.
enum AccountsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: AuthSession.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow), ("locked_to_user_id", .deleteRow), ("opened_by", .deleteRow)],
            retention: "until sign-out, 14 days unused (60 for a paired device), or 90 days at most"
        ),
        PersonalDataDeclaration(
            table: KnownDevice.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow)],
            retention: "the 20 newest browsers and apps the account signed in from; a year after last use"
        ),
        PersonalDataDeclaration(
            table: AccountToken.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow)],
            emailColumn: "email",
            retention: "48 hours (email verification) or 1 hour (password reset)"
        ),
        PersonalDataDeclaration(
            table: User.schema,
            category: .profile,
            columns: [("id", .deleteRow)],
            retention: "while the account is in use; erased 12 months after its last use"
        ),
    ]
}

extension AccountsData {
    struct Profile: Encodable, Sendable {
        let id: UUID
        let name: String
        @NullEncoded var email: String?
        let emailVerified: Bool
        let locale: Language
        let app: AppKind
        let timeZone: String
        @NullEncoded var birthYear: Int?
        let createdAt: Date
        let restricted: Bool
        let processing: ProcessingDTO
        /// The profile picture: a picture's id (see pictures.json) or a pictogram's.
        @NullEncoded var avatarPictureId: UUID?
        @NullEncoded var avatarPictogramId: UUID?
    }

    struct SessionRecord: Encodable, Sendable {
        let kind: AuthSession.Kind
        @NullEncoded var deviceName: String?
        @NullEncoded var platform: String?
        @NullEncoded var browser: String?
        @NullEncoded var ip: String?
        let createdAt: Date
        let lastSeenAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .profile: { db, id in
            guard let user = try await User.find(id, on: db) else { throw Problem.notFound() }
            return Profile(
                id: id,
                name: user.name,
                email: user.email,
                emailVerified: user.emailVerifiedAt != nil,
                locale: user.locale,
                app: user.app,
                timeZone: user.timeZone,
                birthYear: user.birthYear,
                createdAt: user.createdAt ?? Date(),
                restricted: user.isRestricted,
                processing: ProcessingDTO(user),
                avatarPictureId: user.avatarPictureID,
                avatarPictogramId: user.avatarPictogramID
            )
        },
        .sessions: { db, id in
            try await AuthSession.query(on: db).filter(\.$user.$id == id).sort(\.$createdAt).all().map {
                SessionRecord(
                    kind: $0.kind,
                    deviceName: $0.deviceName,
                    platform: $0.platform,
                    browser: $0.browser,
                    ip: $0.ip,
                    createdAt: $0.createdAt,
                    lastSeenAt: $0.lastSeenAt
                )
            }
        },
    ]
}
