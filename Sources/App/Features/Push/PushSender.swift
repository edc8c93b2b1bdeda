import AsyncHTTPClient
import Crypto
import Fluent
import Foundation
import MobilizeCore
import NIOCore
import NIOHTTP1
import SQLKit
import Vapor

/// Sends Web Push messages to a person's subscribed browsers: each message encrypted for the
/// browser (RFC 8291), the server named by its VAPID token (RFC 8292), posted to the browser's push
/// service with a time limit and no redirects. A subscription the service says is gone (404, 410)
/// goes; one that failed `maxFailures` times in a row goes too. Only subscriptions whose session
/// is still current are used: a signed-out browser, or a device whose connection ended, gets
/// nothing more.
final class PushSender: Sendable {
    static let maxFailures = 5
    static let timeout: TimeAmount = .seconds(10)
    /// Messages in flight at once.
    static let concurrency = 16

    let key: P256.Signing.PrivateKey
    let subject: String
    private let client: HTTPClient

    var publicKey: Data { key.publicKey.x963Representation }

    init(key: P256.Signing.PrivateKey, subject: String, eventLoopGroup: any EventLoopGroup) {
        self.key = key
        self.subject = subject
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: Self.timeout)
        )
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    struct Message: Sendable {
        let userID: UUID
        /// JSON, at most a few kilobytes.
        let payload: Data
        /// Dropped by the push service after this long undelivered.
        let ttl: Int
        /// Replaces an earlier message of the same topic still waiting at the push service.
        let topic: String?
    }

    /// The people among these with a current subscription.
    func subscribers(among users: [UUID], db: any Database, now: Date, config: AppConfig) async throws -> Set<UUID> {
        var found: Set<UUID> = []
        for chunk in users.chunks() {
            for subscription in try await PushSubscription.query(on: db).filter(\.$user.$id ~~ chunk).with(\.$session).all()
            where subscription.session.isCurrent(at: now, config: config) {
                found.insert(subscription.$user.id)
            }
        }
        return found
    }

    /// Sends each message to every current subscription of its person; answers how many were
    /// accepted by the push services.
    @discardableResult
    func send(_ messages: [Message], db: any Database, now: Date, config: AppConfig, logger: Logger) async -> Int {
        guard !messages.isEmpty else { return 0 }
        let subscriptions: [PushSubscription]
        do {
            subscriptions = try await Array(Set(messages.map(\.userID))).chunks().asyncFlatMap { chunk in
                try await PushSubscription.query(on: db).filter(\.$user.$id ~~ chunk).with(\.$session).all()
            }.filter { $0.session.isCurrent(at: now, config: config) }
        } catch {
            logger.warning("push subscriptions not read", metadata: ["error": "\(type(of: error))"])
            return 0
        }
        let byUser = Dictionary(grouping: subscriptions, by: { $0.$user.id })
        let work = messages.flatMap { message in (byUser[message.userID] ?? []).map { (message, $0) } }
        var accepted = 0
        await withTaskGroup(of: Bool.self) { group in
            var next = work.makeIterator()
            for _ in 0..<Self.concurrency {
                guard let (message, subscription) = next.next() else { break }
                group.addTask { await self.post(message, to: subscription, db: db, now: now, logger: logger) }
            }
            for await ok in group {
                if ok { accepted += 1 }
                if let (message, subscription) = next.next() {
                    group.addTask { await self.post(message, to: subscription, db: db, now: now, logger: logger) }
                }
            }
        }
        return accepted
    }

    private func post(_ message: Message, to subscription: PushSubscription, db: any Database, now: Date, logger: Logger) async -> Bool {
        do {
            guard let endpoint = URL(string: subscription.endpoint), let userKey = WebPush.data(base64URL: subscription.p256dh),
                let auth = WebPush.data(base64URL: subscription.auth)
            else { throw WebPush.Failure.badSubscription }
            let body = try WebPush.encrypt(message.payload, userKey: userKey, authSecret: auth)
            var request = HTTPClientRequest(url: subscription.endpoint)
            request.method = .POST
            request.headers.add(name: "TTL", value: String(message.ttl))
            request.headers.add(name: "Urgency", value: "high")
            request.headers.add(name: "Content-Encoding", value: "aes128gcm")
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            if let topic = message.topic { request.headers.add(name: "Topic", value: topic) }
            request.headers.add(
                name: "Authorization",
                value: try WebPush.vapid(endpoint: endpoint, key: key, subject: subject, expires: now.addingTimeInterval(12 * 3600))
            )
            request.body = .bytes(ByteBuffer(data: body))
            let response = try await client.execute(request, timeout: Self.timeout)
            _ = try? await response.body.collect(upTo: 64 << 10)
            switch response.status.code {
            case 200..<300:
                try await PushSubscription.query(on: db).filter(\.$id == subscription.requireID())
                    .set(\.$lastSuccessAt, to: now).set(\.$failures, to: 0).update()
                return true
            case 404, 410:
                // The browser unsubscribed, or the service forgot it.
                try await PushSubscription.query(on: db).filter(\.$id == subscription.requireID()).delete()
                return false
            default:
                throw PushFailure(status: response.status.code)
            }
        } catch {
            logger.notice("push message not accepted", metadata: ["error": "\(error)", "service": "\(URL(string: subscription.endpoint)?.host ?? "")"])
            // Counted in the database: several messages to one browser may fail at once.
            if let sql = db as? any SQLDatabase, let id = subscription.id {
                try? await sql.raw("UPDATE push_subscriptions SET failures = failures + 1 WHERE id = \(bind: id)").run()
                try? await sql.raw(
                    "DELETE FROM push_subscriptions WHERE id = \(bind: id) AND failures >= \(literal: Self.maxFailures)"
                ).run()
            }
            return false
        }
    }

    struct PushFailure: Error, CustomStringConvertible {
        let status: UInt
        var description: String { "push service answered \(status)" }
    }
}

extension Array {
    fileprivate func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}

extension Application {
    private struct PushKey: StorageKey { typealias Value = PushSender }

    /// Set once by `configure`, before any request.
    var push: PushSender {
        get {
            guard let sender = storage[PushKey.self] else { fatalError("configure(_:) sets the push sender") }
            return sender
        }
        set { storage[PushKey.self] = newValue }
    }
}
