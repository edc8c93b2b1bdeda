import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// Collects every log line, message and metadata, in memory.
final class LogCapture: @unchecked Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var all: [String] { lines.withLockedValue { $0 } }

    func handler(label: String) -> any LogHandler {
        Handler(capture: self)
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = metadata.merging(event.metadata ?? [:]) { $1 }.map { "\($0)=\($1)" }.sorted()
            capture.lines.withLockedValue { $0.append("\(event.message) \(fields.joined(separator: " "))") }
        }
    }
}

@Suite struct LoggingTests {
    @Test func logsCarryNoPersonalDataEvenAtDebugLevel() async throws {
        try await withApp { context in
            let capture = LogCapture()
            context.app.logger = Logger(label: "test") { PrivacyLogHandler(wrapping: capture.handler(label: $0)) }
            context.app.logger.logLevel = .debug
            let client = context.client
            let email = "karen.secret@example.com"
            let password = "my very secret password"
            _ = try await client.post(
                "/api/v1/auth/register",
                json: ["email": email, "password": password, "name": "Karensen"]
            )
            let token = try await client.login(email, password)
            _ = try await client.post("/api/v1/auth/login", json: ["email": email, "password": "wrong password!"])
            let child = try await client.post("/api/v1/users", token: token, json: ["name": "Lillebror", "app": "me"])
            let invited = try await client.post(
                "/api/v1/users/\(child["id"] ?? "")/invitations",
                token: token,
                json: ["email": "grandma.private@example.com", "role": "viewer"]
            )
            #expect(invited.status == .created)
            let inviteToken = try #require(await context.mailer.linkToken(to: "grandma.private@example.com"))
            _ = try await client.get("/api/v1/invitations/\(inviteToken)", token: token)

            let logs = capture.all.joined(separator: "\n")
            #expect(!capture.all.isEmpty)
            for secret in [email, password, "Karensen", "Lillebror", "grandma.private", token, inviteToken] {
                #expect(!logs.contains(secret), "the logs contain \(secret.prefix(12))…")
            }
        }
    }
}
