import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 9.3: the date of the policy in force is shown; a significant change asks for consent again.
@Suite struct PolicySection9_3ChangesTests {
    @Test func thePolicyInForceIsServedWithItsDateInDanishAndEnglish() async throws {
        try await withApp { context in
            let danish = try await context.client.get("/api/v1/privacy/policy?lang=da")
            #expect(danish["updatedOn"] == PrivacyPolicy.current.updatedOn)
            #expect(danish["language"] == "da")
            #expect(danish["text"]?.contains("Privatlivspolitik") == true)
            let english = try await context.client.send(
                .GET,
                "/api/v1/privacy/policy",
                headers: [("Accept-Language", "en-GB,en;q=0.9")]
            )
            #expect(english["text"]?.contains("Privacy policy") == true)
            #expect(english.json["version"] as? Int == PrivacyPolicy.current.version)
        }
    }

    @Test func consentIsAskedUntilGivenToTheCurrentSignificantVersion() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = "/api/v1/users/\(fixtures.teen.id)"
            let before = try await context.client.get("\(teen)/privacy", token: fixtures.teen.token)
            #expect((before.json["consent"] as? [String: any Sendable])?["required"] as? Bool == true)
            let stale = try await context.client.post(
                "\(teen)/consents",
                token: fixtures.teen.token,
                json: ["policyVersion": 0]
            )
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.fieldErrors == ["policyVersion"])
            let given = try await context.client.post(
                "\(teen)/consents",
                token: fixtures.teen.token,
                json: ["policyVersion": PrivacyPolicy.current.version]
            )
            #expect(given.status == .created)
            #expect(given.json["required"] as? Bool == false)
            #expect(given.json["consentedVersion"] as? Int == PrivacyPolicy.current.version)
        }
    }

    @Test func aGuardianConsentsForAChildUnderThirteen() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            let given = try await context.client.post(
                "\(child)/consents",
                token: fixtures.guardian.token,
                json: ["policyVersion": PrivacyPolicy.current.version]
            )
            #expect(given.status == .created)
            let log = try await context.client.get("\(child)/consents", token: fixtures.guardian.token)
            #expect(log.items.first?["givenByName"] as? String == "Gina")
            #expect(log.items.first?["action"] as? String == "given")
            #expect(
                try await context.client.post(
                    "\(child)/consents",
                    token: fixtures.planner.token,
                    json: ["policyVersion": PrivacyPolicy.current.version]
                )
                .status == .forbidden
            )
        }
    }
}

extension PolicySection9_3ChangesTests {
    @Test func signingUpAndCreatingAChildRecordConsentToTheCurrentVersion() async throws {
        try await withApp { context in
            let client = context.client
            let stale = try await client.post(
                "/api/v1/auth/register",
                json: ["email": "m@example.org", "password": "long enough", "name": "M", "policyVersion": 99]
            )
            #expect(stale.fieldErrors == ["policyVersion"])
            #expect(try await User.query(on: context.app.db).count() == 0)
            _ = try await client.post(
                "/api/v1/auth/register",
                json: [
                    "email": "m@example.org", "password": "long enough", "name": "M",
                    "policyVersion": PrivacyPolicy.current.version,
                ]
            )
            let token = try await client.login("m@example.org", "long enough")
            let me = try #require(try await client.get("/api/v1/me", token: token)["id"])
            let mine = try await client.get("/api/v1/users/\(me)/privacy", token: token)
            #expect((mine.json["consent"] as? [String: any Sendable])?["required"] as? Bool == false)
            let child = try await client.post(
                "/api/v1/users",
                token: token,
                json: ["name": "Bo", "app": "me", "policyVersion": PrivacyPolicy.current.version]
            )
            let log = try await client.get("/api/v1/users/\(child["id"] ?? "")/consents", token: token)
            #expect(log.items.first?["givenByName"] as? String == "M")
        }
    }
}
