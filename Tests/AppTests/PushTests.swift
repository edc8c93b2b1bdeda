import Fluent
import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import App

/// Web Push subscriptions over HTTP: one's own browsers only, to known push services only, with
/// real keys; a session that ends takes its subscription along; a due reminder is posted to the
/// browser's push service encrypted and signed (the independent decryption is
/// `Tests/browser/test_push.py`).
@Suite struct PushTests {
    typealias JSON = [String: any Sendable]

    /// A browser's key and auth secret (RFC 8291's example browser).
    static let browserKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    static let browserAuth = "BTBZMqHH6r4Tts7J_aSIgg"

    static func subscription(_ endpoint: String, key: String = browserKey, auth: String = browserAuth) -> JSON {
        ["endpoint": endpoint, "keys": ["p256dh": key, "auth": auth]]
    }

    @Test func oneSubscribesOwnBrowsersToKnownServicesAndBadInputChangesNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let key = try await context.client.get("/api/v1/push/key", token: f.teen.token)
            #expect(WebPush.data(base64URL: try #require(key["publicKey"]))?.count == 65)

            let path = "/api/v1/me/push-subscriptions"
            let endpoint = "https://fcm.googleapis.com/fcm/send/teen-phone"
            let made = try await context.client.post(path, token: f.teen.token, json: Self.subscription(endpoint))
            #expect(made.status == .created && made.json["thisDevice"] as? Bool == true && made["service"] == "fcm.googleapis.com")
            let again = try await context.client.post(path, token: f.teen.token, json: Self.subscription(endpoint))
            #expect(again.status == .ok && again["id"] == made["id"])
            #expect(try await context.client.get(path, token: f.teen.token).items.count == 1)
            #expect(try await context.client.get(path, token: f.guardian.token).items.isEmpty)
            let id = try #require(made["id"])
            #expect(try await context.client.send(.DELETE, "\(path)/\(id)", token: f.guardian.token).status == .notFound)

            for bad: JSON in [
                Self.subscription("http://fcm.googleapis.com/fcm/send/x"),
                Self.subscription("https://10.0.0.7/push"),
                Self.subscription("https://fcm.googleapis.com.evil.example/push"),
                Self.subscription("https://evilfcm.googleapis.com@example.org/push"),
                Self.subscription("https://fcm.googleapis.com:8443/push"),
                Self.subscription("https://fcm.googleapis.com/" + String(repeating: "x", count: 2100)),
                Self.subscription("https://fcm.googleapis.com/a", key: "BAAA"),
                Self.subscription("https://fcm.googleapis.com/a", auth: "c2hvcnQ"),
                Self.subscription("not a url"),
                ["endpoint": "https://fcm.googleapis.com/a"],
                Self.subscription("https://fcm.googleapis.com/a").merging(["extra": true]) { $1 },
            ] {
                let refused = try await context.client.post(path, token: f.teen.token, json: bad)
                #expect(refused.status == .unprocessableEntity && refused.isProblem, "\(bad)")
            }
            #expect(try await PushSubscription.query(on: context.app.db).count() == 1)

            #expect(try await context.client.send(.DELETE, "\(path)/\(id)", token: f.teen.token).status == .noContent)
            #expect(try await context.client.get(path, token: f.teen.token).items.isEmpty)
        }
    }

    @Test func aSessionThatEndsTakesItsSubscriptionsAndTwentyAreKeptAtMost() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let path = "/api/v1/me/push-subscriptions"
            for n in 0..<(PushController.maxPerUser + 1) {
                context.clock.advance(by: 1)
                let made = try await context.client.post(
                    path, token: f.guardian.token, json: Self.subscription("https://push.services.mozilla.com/wpush/v2/\(n)")
                )
                #expect(made.status == .created)
            }
            let kept = try await PushSubscription.query(on: context.app.db).filter(\.$user.$id == f.guardian.id).all()
            #expect(kept.count == PushController.maxPerUser)
            #expect(!kept.contains { $0.endpoint.hasSuffix("/0") }, "the oldest went")
            #expect(try await context.client.post("/api/v1/auth/logout", token: f.guardian.token).status == .noContent)
            #expect(try await PushSubscription.query(on: context.app.db).filter(\.$user.$id == f.guardian.id).count() == 0)
        }
    }

    /// A push service on this machine, keeping what it is sent.
    final class LocalPushService: @unchecked Sendable {
        let received = NIOLockedValueBox<[(headers: HTTPHeaders, body: Data)]>([])
        let app: Application
        let port: Int

        init() async throws {
            app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            let received = received
            app.on(.POST, "push", ":name", body: .collect(maxSize: 8192)) { req -> HTTPStatus in
                let body = req.body.data.map { Data(buffer: $0) } ?? Data()
                received.withLockedValue { $0.append((req.headers, body)) }
                return .created
            }
            try await app.server.start(address: nil)
            port = try #require(app.http.server.shared.localAddress?.port)
        }

        func stop() async throws {
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }

    @Test func aDueReminderIsPostedToThePushServiceEncryptedAndSigned() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let service = try await LocalPushService()
            context.app.config.pushServices = ["http://127.0.0.1"]
            let endpoint = "http://127.0.0.1:\(service.port)/push/teen"
            let made = try await context.client.post("/api/v1/me/push-subscriptions", token: f.teen.token, json: Self.subscription(endpoint))
            #expect(made.status == .created)
            try RemindersTests.travel(context, to: "2026-11-19T06:00:00Z")
            _ = try await RemindersTests.activity(
                context, f.teen.id, token: f.teen.token, ["title": "Football", "start": "2026-11-19T10:00", "durationMinutes": 60]
            )
            #expect(try await RemindersTests.fires(context, at: "2026-11-19T09:00:00Z") == 1)
            var waited = 0
            // Generous: the suite runs in parallel on a busy machine.
            while service.received.withLockedValue({ $0.isEmpty }), waited < 600 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            let posted = try #require(service.received.withLockedValue { $0.first })
            #expect(posted.headers.first(name: "Content-Encoding") == "aes128gcm")
            #expect(posted.headers.first(name: "TTL").flatMap(Int.init).map { $0 > 3000 && $0 <= 3600 } == true)
            #expect(posted.headers.first(name: "Authorization")?.hasPrefix("vapid t=") == true)
            // The salt, the record size, the server's key, then the message: never the title in the clear.
            #expect(posted.body.count > 86 && posted.body[16..<20] == Data([0, 0, 16, 0]) && posted.body[20] == 65)
            #expect(!String(decoding: posted.body, as: UTF8.self).contains("Football"))
            // The push service's answer reaches the server after the service kept the message.
            var stored = try #require(try await PushSubscription.query(on: context.app.db).first())
            var polls = 0
            while stored.lastSuccessAt == nil, polls < 600 {
                try await Task.sleep(for: .milliseconds(50))
                stored = try #require(try await PushSubscription.query(on: context.app.db).first())
                polls += 1
            }
            #expect(stored.lastSuccessAt != nil && stored.failures == 0)
            try await service.stop()
        }
    }
}
