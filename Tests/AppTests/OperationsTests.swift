import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App
@testable import MobilizeTools

@Suite struct OperationsTests {
    @Test func healthAndReadinessAnswer() async throws {
        try await withApp { context in
            let health = try await context.client.get("/healthz")
            let ready = try await context.client.get("/readyz")
            #expect(health["status"] == "ok")
            #expect(ready["status"] == "ok")
        }
    }

    @Test func theContractIsServed() async throws {
        try await withApp { context in
            let reply = try await context.client.get("/api/openapi.yaml")
            #expect(reply.status == .ok)
            #expect(String(decoding: reply.body, as: UTF8.self).contains("openapi: 3.1"))
        }
    }

    @Test func aServerStartedInAnotherFolderServesTheContractThePagesAndThePolicy() async throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("mobilize-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let app = try await Application.make(.testing)
        app.directory = DirectoryConfiguration(workingDirectory: elsewhere.path + "/")
        var config = try AppConfig.load(["DATA_DIR": elsewhere.path + "/data"])
        config.bcryptCost = 4
        config.runsBackgroundJobs = false
        config.database = .memory
        do {
            try await configure(app, config: config, mailer: MemoryMailer())
            let client = TestClient(app: app)
            let contract = try await client.get("/api/openapi.yaml")
            #expect(contract.status == .ok && contract.headers.contentType?.subType == "yaml")
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
            #expect(contract.body == (try Data(contentsOf: file)), "the repository's contract, byte for byte")
            #expect(try await client.get("/").status == .ok)
            #expect(try await client.get("/api/v1/privacy/policy?lang=da").status == .ok)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func strictTransportSecurityIsSentWhenTheRequestCameOverTLS() async throws {
        try await withApp { context in
            let https = [("X-Forwarded-Proto", "https")]
            let untrusted = try await context.client.send(.GET, "/healthz", headers: https)
            #expect(untrusted.headers.first(name: .strictTransportSecurity) == nil, "a client's word is not enough")
            #expect(try await context.client.get("/healthz").headers.first(name: .strictTransportSecurity) == nil)
            context.app.config.trustForwardedFor = true
            let proxied = try await context.client.send(.GET, "/healthz", headers: https)
            #expect(proxied.headers.first(name: .strictTransportSecurity) == "max-age=31536000; includeSubDomains")
            let plain = try await context.client.send(.GET, "/", headers: [("X-Forwarded-Proto", "http")])
            #expect(plain.headers.first(name: .strictTransportSecurity) == nil)
        }
    }

    /// Every route is an operation of openapi.yaml and every operation a route, so the contract
    /// the clients are built from cannot fall behind the server.
    @Test func everyRouteIsInTheContractAndNothingElse() async throws {
        try await withApp { context in
            let yaml = String(decoding: try await context.client.get("/api/openapi.yaml").body, as: UTF8.self)
            var documented: Set<String> = []
            var path = ""
            for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("  /"), line.hasSuffix(":") {
                    path = String(line.dropFirst(2).dropLast())
                } else if line.hasPrefix("    "), !line.hasPrefix("     "), !path.isEmpty {
                    let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                    if ["get", "post", "put", "patch", "delete"].contains(key) {
                        documented.insert("\(key.uppercased()) \(path)")
                    }
                } else if !line.hasPrefix(" ") {
                    path = ""
                }
            }
            let served = Set(
                context.app.routes.all.map { route in
                    "\(route.method.rawValue) /"
                        + route.path.map { component in
                            switch component {
                            case .parameter(let name): "{\(name)}"
                            default: component.description
                            }
                        }.joined(separator: "/")
                }
            )
            #expect(served.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
            // The categories of personal data, as the registry names them.
            let categories = yaml.split(separator: "\n").first { $0.contains("enum: [profile,") }
            #expect(
                categories == "      enum: [\(DataCategory.allCases.map(\.rawValue).joined(separator: ", "))]",
                "the Category schema lists DataCategory.allCases"
            )
            #expect(documented.subtracting(served).sorted() == [], "operations with no route")
        }
    }

    @Test func everyResponseForbidsOtherOriginsAndSniffing() async throws {
        try await withApp { context in
            for path in ["/", "/healthz", "/api/v1/me"] {
                let reply = try await context.client.get(path)
                #expect(reply.headers.first(name: .contentSecurityPolicy)?.hasPrefix("default-src 'self'") == true)
                #expect(reply.headers.first(name: .xContentTypeOptions) == "nosniff")
            }
        }
    }

    @Test func aCrossSiteRequestWithTheCookieIsRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let cookie = ("Cookie", "\(SessionCookie.name)=\(fixtures.guardian.token)")
            let body: [String: any Sendable] = ["name": "Bo", "app": "me"]
            let crossSite = try await context.client.send(
                .POST,
                "/api/v1/users",
                json: body,
                headers: [cookie, ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")]
            )
            #expect(crossSite.status == .forbidden)
            let bare = try await context.client.send(.POST, "/api/v1/users", json: body, headers: [cookie])
            #expect(bare.status == .forbidden)
            let sameOrigin = try await context.client.send(
                .POST,
                "/api/v1/users",
                json: body,
                headers: [cookie, ("Origin", context.app.config.publicOrigin), ("Sec-Fetch-Site", "same-origin")]
            )
            #expect(sameOrigin.status == .created)
            #expect(try await context.client.send(.GET, "/api/v1/me", headers: [cookie]).status == .ok)
        }
    }

    @Test func theSuiteRunsOnTheDatabaseItWasGiven() async throws {
        try await withApp { context in
            let sql = try #require(context.app.db as? any SQLDatabase)
            #expect(sql.dialect.name == (TestDatabase.postgresURL == nil ? "sqlite" : "postgresql"))
        }
    }

    @Test func concurrentTransactionsThatReadThenWriteAllSucceed() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await context.app.db.writeTransaction { db in
                            let user = try #require(try await User.find(fixtures.teen.id, on: db))
                            user.name = "Tove \(index)"
                            try await user.update(on: db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await User.find(fixtures.teen.id, on: context.app.db)?.name.hasPrefix("Tove ") == true)
        }
    }

    @Test func sqliteRunsInWALModeWithFullSync() async throws {
        guard TestDatabase.postgresURL == nil else { return }
        try await withApp { context in
            let sql = try #require(context.app.db as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            #expect(mode == "wal")
            #expect(sync == 2)
        }
    }

    @Test(arguments: [
        ["DATABASE_URL": "mysql://localhost/x"], ["PUBLIC_URL": "ftp://x"],
        ["SMTP_HOST": "mail", "SMTP_PORT": "99999"],
        ["SMTP_HOST": "mail", "SMTP_STARTTLS": "maybe"], ["SESSION_IDLE_DAYS": "0"],
    ])
    func aBadSettingStopsStartUpNamingTheVariable(env: [String: String]) {
        #expect {
            _ = try AppConfig.load(env)
        } throws: { error in
            (error as? ConfigError).map { env.keys.contains($0.variable) } ?? false
        }
    }

    @Test func theDemoFamilyIsCreatedOnce() async throws {
        try await withApp { context in
            var command = CommandContext(console: context.app.console, input: CommandInput(arguments: ["demo"]))
            command.application = context.app
            for _ in 0..<2 { try await DemoCommand().run(using: command, signature: .init()) }
            #expect(try await User.query(on: context.app.db).count() == 5)
            let token = try await context.client.login("mette@example.com", DemoCommand.password)
            let users = try await context.client.get("/api/v1/users", token: token)
            #expect(
                Set(users.items.compactMap { ($0["user"] as? [String: any Sendable])?["app"] as? String }) == [
                    "me", "planet",
                ]
            )
        }
    }
}
