import Fluent
import Foundation
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

/// Policy 2.4 and 9.4: a person sees and downloads all data held about them.
@Suite struct PolicySection2_4InsightTests {
    static func waitUntilReady(_ context: TestContext, _ path: String, token: String) async throws -> Reply {
        for _ in 0..<1200 {
            let reply = try await context.client.get(path, token: token)
            if reply["status"] == "ready" || reply["status"] == "failed" { return reply }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the export did not finish")
        return try await context.client.get(path, token: token)
    }

    @Test func anExportIsAZipWithOneFilePerCategoryAndAReadmeInTheUsersLanguage() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            _ = try await context.client.get(child, token: fixtures.planner.token)
            let started = try await context.client.post("\(child)/exports", token: fixtures.guardian.token)
            #expect(started.status == .accepted)
            let id = try #require(started["id"])
            let ready = try await Self.waitUntilReady(context, "\(child)/exports/\(id)", token: fixtures.guardian.token)
            #expect(ready["status"] == "ready")
            let download = try await context.client.get(
                "\(child)/exports/\(id)/download",
                token: fixtures.guardian.token
            )
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.subType == "zip")
            #expect(download.headers.first(name: .contentDisposition)?.contains("attachment") == true)

            let archive = try Archive(data: download.body, accessMode: .read)
            let names = Set(archive.map(\.path))
            #expect(names == Set(DataCategory.allCases.map { "\($0.rawValue).json" } + ["README.txt"]))
            func file(_ name: String) throws -> String {
                var data = Data()
                _ = try archive.extract(archive[name]!) { data.append($0) }
                return String(decoding: data, as: UTF8.self)
            }
            #expect(try file("README.txt").contains("Dine data fra Mobilize"), "Ida speaks Danish")
            let profile = try file("profile.json")
            #expect(profile.contains("\"name\" : \"Ida\""))
            let relationships = try file("relationships.json")
            #expect(relationships.contains("Gina") && relationships.contains("Paul"))
            #expect(!relationships.contains("gina@example.org"), "of others, names only")
            #expect(try file("access-log.json").contains("Paul"))
        }
    }

    @Test func theAccessLogCountsWhatItListsNewestFirstInWordsAndTheExportHoldsTheSame() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let teen = "/api/v1/users/\(fixtures.teen.id)"
            _ = try await client.get("\(teen)/plan?from=2026-11-16&to=2026-11-22", token: fixtures.planner.token)
            context.clock.advance(by: 60)
            _ = try await client.get("\(teen)/pictures", token: fixtures.guardian.token)
            context.clock.advance(by: 60)
            let made = try await client.post(
                "\(teen)/activities",
                token: fixtures.planner.token,
                json: ["title": "Swimming", "start": "2026-11-19T16:00"]
            )
            #expect(made.status == .created)
            func count(_ user: UUID, _ token: String) async throws -> Int? {
                let overview = try await client.get("/api/v1/users/\(user)/privacy", token: token)
                let categories = overview.json["categories"] as? [[String: any Sendable]] ?? []
                return categories.first { $0["category"] as? String == "access-log" }?["count"] as? Int
            }
            var listed: [[String: any Sendable]] = []
            var after: String?
            repeat {
                let page = try await client.get(
                    "\(teen)/access-log?limit=2" + (after.map { "&after=\($0)" } ?? ""),
                    token: fixtures.teen.token
                )
                listed += page.items
                after = page.json["next"] as? String
            } while after != nil
            // The young person's own reads are not logged: what the page counts is what it lists.
            #expect(listed.count == 3)
            #expect(try await count(fixtures.teen.id, fixtures.teen.token) == listed.count)
            let whats = listed.compactMap { $0["what"] as? String }
            #expect(whats.first == "create-activity" && whats.contains("read-plan") && whats.contains("read-pictures"))
            let times = listed.compactMap { $0["at"] as? String }
            #expect(times == times.sorted(by: >), "newest first")
            // Paul read the young person's data: his own log lists nobody, and so counts nobody.
            #expect(try await count(fixtures.planner.id, fixtures.planner.token) == 0)
            let own = try await client.get("/api/v1/users/\(fixtures.planner.id)/access-log", token: fixtures.planner.token)
            #expect(own.items.isEmpty)

            let started = try await client.post("\(teen)/exports", token: fixtures.teen.token)
            let id = try #require(started["id"])
            _ = try await Self.waitUntilReady(context, "\(teen)/exports/\(id)", token: fixtures.teen.token)
            let download = try await client.get("\(teen)/exports/\(id)/download", token: fixtures.teen.token)
            let archive = try Archive(data: download.body, accessMode: .read)
            var data = Data()
            _ = try archive.extract(archive["access-log.json"]!) { data.append($0) }
            let exported = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(exported.count == listed.count, "the export holds every entry the page shows")
            #expect(exported.compactMap { $0["what"] as? String } == whats)
        }
    }

    @Test func onlyTheRequesterDownloadsAndOnlyForSevenDays() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            let started = try await context.client.post("\(child)/exports", token: fixtures.guardian.token)
            let id = try #require(started["id"])
            _ = try await Self.waitUntilReady(context, "\(child)/exports/\(id)", token: fixtures.guardian.token)
            let secondGuardian = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            _ = secondGuardian
            #expect(
                try await context.client.get("\(child)/exports/\(id)/download", token: fixtures.planner.token).status
                    == .forbidden
            )
            #expect(
                try await context.client.get("\(child)/exports/\(id)/download", token: fixtures.stranger.token).status
                    == .notFound
            )
            context.clock.advance(by: DataExport.lifetime + 1)
            #expect(
                try await context.client.get("\(child)/exports/\(id)/download", token: fixtures.guardian.token).status
                    == .notFound
            )
            #expect(try await PrivacyJobs(app: context.app).run().exportsDeleted == 1)
            let files =
                (try? FileManager.default.contentsOfDirectory(atPath: context.app.config.dataDirectory + "/exports"))
                ?? []
            #expect(files.isEmpty)
        }
    }

    @Test func eachCategoryIsReadableAsJSONForTheDashboard() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for category in DataCategory.allCases {
                let reply = try await context.client.get(
                    "/api/v1/users/\(fixtures.teen.id)/data/\(category.rawValue)",
                    token: fixtures.teen.token
                )
                #expect(reply.status == .ok, "\(category)")
                #expect(reply["category"] == category.rawValue)
            }
            let sessions = try await context.client.get(
                "/api/v1/users/\(fixtures.teen.id)/data/sessions",
                token: fixtures.teen.token
            )
            #expect(String(decoding: sessions.body, as: UTF8.self).contains("\"kind\":\"api\""))
        }
    }

    @Test func correctingTheEmailNeedsThePasswordAndTheNewAddress() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let wrong = try await client.send(
                .PUT,
                "/api/v1/me/email",
                token: fixtures.teen.token,
                json: ["email": "tove@new.example", "password": "not it!!"]
            )
            #expect(wrong.fieldErrors == ["password"])
            let taken = try await client.send(
                .PUT,
                "/api/v1/me/email",
                token: fixtures.teen.token,
                json: ["email": "gina@example.org", "password": Fixtures.password]
            )
            #expect(taken.status == .accepted, "whether an address has an account shows in no answer")
            #expect(await context.mailer.last(to: "gina@example.org")?.subject.contains("another Mobilize account") == true)
            #expect(await context.mailer.linkToken(to: "gina@example.org") == nil, "and it is not moved")
            let asked = try await client.send(
                .PUT,
                "/api/v1/me/email",
                token: fixtures.teen.token,
                json: ["email": "Tove@New.example", "password": Fixtures.password]
            )
            #expect(asked.status == .accepted)
            #expect(
                try await client.get("/api/v1/me", token: fixtures.teen.token)["email"] == "tove@example.org",
                "not before it is confirmed"
            )
            let token = try #require(await context.mailer.linkToken(to: "tove@new.example"))
            #expect(try await client.post("/api/v1/auth/verify-email", json: ["token": token]).status == .noContent)
            let me = try await client.get("/api/v1/me", token: fixtures.teen.token)
            #expect(me["email"] == "tove@new.example")
            #expect(me.json["emailVerified"] as? Bool == true)
        }
    }
}
