import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Bad input gets a clear 4xx problem and changes nothing.
@Suite struct BadInputTests {
    func counts(_ app: Application) async throws -> [Int] {
        [
            try await User.query(on: app.db).count(), try await PlannerLink.query(on: app.db).count(),
            try await Invitation.query(on: app.db).count(), try await Institution.query(on: app.db).count(),
        ]
    }

    @Test(arguments: [
        ("{\"name\": ", 400, "/problems/bad-request", [String]()),
        ("[1, 2]", 400, "/problems/bad-request", []),
        ("{\"app\": \"me\"}", 422, "/problems/validation", ["name"]),
        ("{\"name\": 42, \"app\": \"me\"}", 422, "/problems/validation", ["name"]),
        ("{\"name\": \"Bo\", \"app\": \"tablet\"}", 422, "/problems/validation", ["app"]),
        ("{\"name\": \"Bo\", \"app\": \"me\", \"isAdmin\": true}", 422, "/problems/validation", ["isAdmin"]),
        // U+0000 would be cut off by SQLite and refused by PostgreSQL: no text may carry it.
        ("{\"name\": \"\\u0000Bo\", \"app\": \"me\"}", 422, "/problems/validation", ["name"]),
        (
            "{\"name\": \"\", \"app\": \"me\", \"timeZone\": \"Moon/Base\", \"birthYear\": 1200}", 422,
            "/problems/validation",
            ["name", "timeZone", "birthYear"]
        ),
    ])
    func creatingAUserRejectsBadBodies(body: String, status: UInt, type: String, fields: [String]) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let before = try await counts(context.app)
            let reply = try await context.client.send(.POST, "/api/v1/users", token: fixtures.guardian.token, raw: body)
            #expect(reply.status.code == status)
            #expect(reply.isProblem)
            #expect(reply["type"] == type)
            #expect(reply.json["status"] as? Int == Int(status))
            #expect(Set(reply.fieldErrors) == Set(fields))
            #expect(try await counts(context.app) == before)
        }
    }

    @Test func anOversizedBodyIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let before = try await counts(context.app)
            let huge = "{\"name\": \"" + String(repeating: "x", count: 2 << 20) + "\", \"app\": \"me\"}"
            let reply = try await context.client.send(.POST, "/api/v1/users", token: fixtures.guardian.token, raw: huge)
            #expect(reply.status == .payloadTooLarge)
            #expect(reply.isProblem)
            #expect(try await counts(context.app) == before)
        }
    }

    @Test func aDepartmentNamedWithNulIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let created = try await context.client.send(
                .POST,
                "/api/v1/institutions",
                token: fixtures.guardian.token,
                json: ["name": "Skolen"]
            )
            let id = try #require(created["id"])
            let reply = try await context.client.send(
                .POST,
                "/api/v1/institutions/\(id)/departments",
                token: fixtures.guardian.token,
                raw: "{\"name\": \"\\u0000\"}"
            )
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.fieldErrors == ["name"])
            #expect(try await Department.query(on: context.app.db).count() == 0)
        }
    }

    @Test(arguments: ["/api/v1/pictograms?q=%00", "/api/v1/users/%00"])
    func aNulInTheAddressIsRefused(path: String) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.get(path, token: fixtures.guardian.token)
            #expect(reply.status == .badRequest)
            #expect(reply.isProblem)
        }
    }

    @Test func aBodyThatIsNotJSONIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.send(
                .POST,
                "/api/v1/users",
                token: fixtures.guardian.token,
                raw: "name=Bo&app=me",
                headers: [("Content-Type", "application/x-www-form-urlencoded")]
            )
            #expect(reply.status == .unsupportedMediaType)
            #expect(reply.isProblem)
        }
    }

    @Test(arguments: [
        "/api/v1/users/not-a-uuid", "/api/v1/users/00000000-0000-0000-0000-000000000000",
        "/api/v1/institutions/123", "/api/v1/no-such-route",
    ])
    func unknownIdsAndRoutesAreNotFound(path: String) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.get(path, token: fixtures.guardian.token)
            #expect(reply.status == .notFound)
            #expect(reply.isProblem)
        }
    }

    @Test func badListParametersNameTheField() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for (query, field) in [
                ("limit=0", "limit"), ("limit=1000", "limit"), ("limit=x", "limit"), ("after=zzz", "after"),
            ] {
                let reply = try await context.client.get("/api/v1/users?\(query)", token: fixtures.guardian.token)
                #expect(reply.status == .unprocessableEntity, "\(query)")
                #expect(reply.fieldErrors == [field])
            }
        }
    }

    @Test func listsArePagedWithACursor() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for name in ["A", "B", "C"] {
                _ = try await context.client.post(
                    "/api/v1/users",
                    token: fixtures.guardian.token,
                    json: ["name": name, "app": "me"]
                )
            }
            var seen: [String] = []
            var next: String? = nil
            repeat {
                let path = "/api/v1/users?limit=2" + (next.map { "&after=\($0)" } ?? "")
                let page = try await context.client.get(path, token: fixtures.guardian.token)
                #expect(page.items.count <= 2)
                seen += page.items.compactMap { ($0["user"] as? [String: any Sendable])?["name"] as? String }
                next = page["next"]
            } while next != nil
            #expect(seen.sorted() == ["A", "B", "C", "Ida", "Tove"])
        }
    }

    @Test func aServerFaultAnswersWithoutInternals() async throws {
        let problem = Problem(
            from: NSError(domain: "SQLite", code: 19, userInfo: [NSLocalizedDescriptionKey: "SELECT * FROM users"])
        )
        #expect(problem.status == 500)
        #expect(problem.detail?.contains("SELECT") == false)
    }
}
