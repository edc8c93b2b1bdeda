import Fluent
import MobilizeCore
import Vapor

/// Any account: a parent with email and password, or a child created by a planner, who has no
/// email and signs in through a paired device.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?

    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    @OptionalField(key: "password_hash") var passwordHash: String?

    @Field(key: "name") var name: String
    @Field(key: "locale") var locale: Language
    @Field(key: "app") var app: AppKind
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "birth_year") var birthYear: Int?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
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
    }

    var hasLogin: Bool { passwordHash != nil }

    func isUnderAge(at now: Date) -> Bool {
        DigitalConsent.isUnderAge(birthYear: birthYear, hasOwnLogin: hasLogin, currentYear: now.calendarYear)
    }
}
