import Fluent
import MobilizeCore
import Vapor

/// Any account: a parent with email and password, or a child created by a planner, who has no
/// email and signs in through a paired device.
package final class User: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?

    @OptionalField(key: "email") package var email: String?
    @OptionalField(key: "email_verified_at") package var emailVerifiedAt: Date?
    @OptionalField(key: "password_hash") package var passwordHash: String?
    /// A sign-in name for a young person without an address of their own (lower case).
    @OptionalField(key: "username") package var username: String?
    /// The account plans its own week (a young person who signs in): it opens on that week, not
    /// on the adults' home.
    @Field(key: "own_week") package var ownWeek: Bool

    @Field(key: "name") package var name: String
    @Field(key: "locale") package var locale: Language
    @Field(key: "app") package var app: AppKind
    @Field(key: "time_zone") package var timeZone: String
    @OptionalField(key: "birth_year") package var birthYear: Int?

    /// Restricted (blocked): the data is kept but not used, and only privacy routes answer.
    @OptionalField(key: "restricted_at") package var restrictedAt: Date?
    /// When the account is erased unless the person cancels (30 days after the request).
    @OptionalField(key: "erasure_due_at") package var erasureDueAt: Date?
    /// Optional processing the person may object to; off until they switch it on.
    @Field(key: "usage_statistics") package var usageStatistics: Bool
    @Field(key: "product_news") package var productNews: Bool
    /// Consent to searching pictures on the Internet: the words searched for leave the server.
    @Field(key: "picture_search") package var pictureSearch: Bool
    /// The last sign-in or use by the person or a planner, for the 12-month retention rule.
    @OptionalField(key: "last_active_at") package var lastActiveAt: Date?
    /// When the warning before retention erasure was mailed.
    @OptionalField(key: "retention_warned_at") package var retentionWarnedAt: Date?
    /// The profile picture: one of the user's own pictures, or a pictogram.
    @OptionalField(key: "avatar_picture_id") package var avatarPictureID: UUID?
    @OptionalField(key: "avatar_pictogram_id") package var avatarPictogramID: UUID?
    /// The PIN (bcrypt) that takes a device back from child mode.
    @OptionalField(key: "child_mode_pin_hash") package var childModePinHash: String?

    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(
        id: UUID? = nil,
        email: String? = nil,
        passwordHash: String? = nil,
        name: String,
        locale: Language,
        app: AppKind,
        timeZone: String,
        birthYear: Int? = nil
    ) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.name = name
        self.locale = locale
        self.app = app
        self.timeZone = timeZone
        self.birthYear = birthYear
        self.usageStatistics = false
        self.productNews = false
        self.pictureSearch = false
        self.ownWeek = false
    }

    /// A new account, in use from `now`.
    package convenience init(
        email: String? = nil,
        passwordHash: String? = nil,
        name: String,
        locale: Language,
        app: AppKind,
        timeZone: String,
        birthYear: Int? = nil,
        activeAt now: Date
    ) {
        self.init(
            email: email,
            passwordHash: passwordHash,
            name: name,
            locale: locale,
            app: app,
            timeZone: timeZone,
            birthYear: birthYear
        )
        self.lastActiveAt = now
    }

    package var hasLogin: Bool { passwordHash != nil }

    package var isRestricted: Bool { restrictedAt != nil }

    /// Records use of the account, for the 12-month retention rule; written at most once an hour.
    /// Writes only those two columns and leaves this instance as it is (it may be shared by
    /// reading requests through the access cache). Answers whether it wrote.
    @discardableResult
    package func markActive(at now: Date, on db: any Database) async throws -> Bool {
        guard lastActiveAt.map({ now.timeIntervalSince($0) > 3600 }) ?? true else { return false }
        try await User.query(on: db).filter(\.$id == requireID()).set(\.$lastActiveAt, to: now)
            .set(\.$retentionWarnedAt, to: nil).update()
        return true
    }

    /// A guardian exercises this user's rights: under 13, or no login of their own.
    package func guardianActs(at now: Date) -> Bool { isUnderAge(at: now) || !hasLogin }

    package func isUnderAge(at now: Date) -> Bool {
        DigitalConsent.isUnderAge(birthYear: birthYear, hasOwnLogin: hasLogin, currentYear: now.calendarYear)
    }
}
