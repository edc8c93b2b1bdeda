import Foundation
import MobilizeCore
import Vapor

struct PolicyDTO: Content {
    var version: Int
    var updatedOn: String
    var significant: Bool
    var language: Language
    var text: String
}

struct ConsentStateDTO: Content {
    var currentVersion: Int
    var updatedOn: String
    @NullEncoded var consentedVersion: Int?
    /// True when the user (or their guardian) must consent to the current version.
    var required: Bool
}

struct ProcessingDTO: Content {
    var usageStatistics: Bool
    var productNews: Bool
    /// Searching pictures on the Internet, whose words leave the server.
    var pictureSearch: Bool

    init(_ user: User) {
        usageStatistics = user.usageStatistics
        productNews = user.productNews
        pictureSearch = user.pictureSearch
    }
}

struct CategoryCountDTO: Content {
    var category: DataCategory
    var count: Int
}

struct PrivacyOverviewDTO: Content {
    var userId: UUID
    var name: String
    var restricted: Bool
    @NullEncoded var erasureDueAt: Date?
    var consent: ConsentStateDTO
    var processing: ProcessingDTO
    var categories: [CategoryCountDTO]
}

struct AccessLogEntryDTO: Content {
    var id: UUID
    var at: Date
    /// The name of who acted, or null when that person's account is erased.
    @NullEncoded var actorName: String?
    var actorRole: String
    var action: String
    /// What was done in words a page can say (`read-plan`, `tick-off`, ...).
    var what: String
    var route: String
    @NullEncoded var ip: String?
    @NullEncoded var platform: String?
}

struct ConsentDTO: Content {
    var id: UUID
    var policyVersion: Int
    var action: Consent.Action
    var at: Date
    @NullEncoded var givenByName: String?
}

struct ConsentRequest: StrictContent {
    static let allowedKeys: Set<String> = ["policyVersion"]
    var policyVersion: Int
}

struct ProcessingRequest: StrictContent {
    static let allowedKeys: Set<String> = ["usageStatistics", "productNews", "pictureSearch"]
    var usageStatistics: Bool?
    var productNews: Bool?
    var pictureSearch: Bool?
}
