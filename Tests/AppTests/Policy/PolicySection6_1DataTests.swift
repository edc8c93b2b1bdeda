import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 6.1: the list of data processed. Each kind the server holds today has a category the
/// person can see and export, and a retention rule.
@Suite struct PolicySection6_1DataTests {
    @Test func everyKindOfDataIsDeclaredWithACategoryAndARetentionRule() {
        let categories = Set(Composition.personalData.declarations.map(\.category))
        // Email, name, IP, institution, customer number, relationships, access logs, platforms.
        for category: DataCategory in [.profile, .sessions, .institutions, .relationships, .accessLog, .consents] {
            #expect(categories.contains(category), "\(category)")
        }
        #expect(Composition.personalData.declarations.allSatisfy { !$0.retention.isEmpty })
        #expect(Set(DataCategory.allCases).isSubset(of: Set(Composition.personalData.readers.keys)), "every category can be read")
    }

    @Test func theProfileHoldsNameEmailAndTheInstitutionItsCustomerNumber() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let profile = try await context.client.get(
                "/api/v1/users/\(fixtures.schoolAdmin.id)/data/profile",
                token: fixtures.schoolAdmin.token
            )
            let data = try #require(profile.json["data"] as? [String: any Sendable])
            #expect(data["name"] as? String == "Alma")
            #expect(data["email"] as? String == "alma@example.org")
            let institutions = try await context.client.get(
                "/api/v1/users/\(fixtures.schoolAdmin.id)/data/institutions",
                token: fixtures.schoolAdmin.token
            )
            #expect(String(decoding: institutions.body, as: UTF8.self).contains("C12345678"))
            let sessions = try await context.client.get(
                "/api/v1/users/\(fixtures.schoolAdmin.id)/data/sessions",
                token: fixtures.schoolAdmin.token
            )
            #expect((sessions.json["data"] as? [[String: any Sendable]])?.isEmpty == false)
        }
    }
}
