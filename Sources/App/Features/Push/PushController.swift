import Fluent
import MobilizeCore
import Vapor

/// Web Push subscriptions of the caller's own browsers: the key browsers subscribe with, and
/// subscribing, listing and removing. A subscription belongs to the session that made it.
struct PushController: RouteCollection {
    /// Subscriptions one person keeps; a new one beyond this lets the oldest go.
    static let maxPerUser = 20
    static let maxEndpoint = 2048

    func boot(routes: any RoutesBuilder) throws {
        routes.get("push", "key", use: key)
        let mine = routes.grouped("me", "push-subscriptions")
        mine.get(use: list)
        mine.post(use: subscribe)
        mine.delete(":subscriptionId", use: unsubscribe)
    }

    func key(req: Request) async throws -> PushKeyDTO {
        _ = try req.principal
        return PushKeyDTO(publicKey: WebPush.base64URL(req.application.push.publicKey))
    }

    func list(req: Request) async throws -> Page<PushSubscriptionDTO> {
        let principal = try req.principal
        let rows = try await PushSubscription.query(on: req.db).filter(\.$user.$id == principal.userID)
            .sort(\.$createdAt, .descending).all()
        return Page(items: try rows.map { try PushSubscriptionDTO($0, session: principal.session.requireID()) }, next: nil)
    }

    func subscribe(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.decode(PushSubscriptionRequest.self)
        var validator = Validator()
        let url = URL(string: body.endpoint)
        validator.require(
            body.endpoint.count <= Self.maxEndpoint && url.map { WebPush.isAllowed(endpoint: $0, services: req.application.config.pushServices) } == true,
            "endpoint", "is the address of a push service this server sends to (https)"
        )
        validator.require(WebPush.isValid(p256dh: body.keys.p256dh, auth: body.keys.auth), "keys", "are the browser's p256dh and auth keys")
        try validator.check()
        let sessionID = try principal.session.requireID()
        let userID = principal.userID
        let existing = try await PushSubscription.query(on: req.db).filter(\.$endpoint == body.endpoint).first()
        let subscription = existing ?? PushSubscription()
        subscription.$user.id = userID
        subscription.$session.id = sessionID
        subscription.endpoint = body.endpoint
        subscription.p256dh = body.keys.p256dh
        subscription.auth = body.keys.auth
        subscription.createdAt = existing?.createdAt ?? req.now
        subscription.failures = 0
        try await req.db.writeTransaction { db in
            try await subscription.save(on: db)
            let kept = try await PushSubscription.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending)
                .all(\.$id)
            let beyond = Array(kept.dropFirst(Self.maxPerUser))
            if !beyond.isEmpty { try await PushSubscription.query(on: db).filter(\.$id ~~ beyond).delete() }
        }
        return try await PushSubscriptionDTO(subscription, session: sessionID)
            .encodeResponse(status: existing == nil ? .created : .ok, for: req)
    }

    func unsubscribe(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let id = try req.id("subscriptionId")
        let deleted = try await PushSubscription.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID).count()
        guard deleted > 0 else { throw Problem.notFound() }
        try await PushSubscription.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID).delete()
        return .noContent
    }
}

struct PushKeyDTO: Content {
    /// The server's VAPID public key (base64url, uncompressed P-256): the browser's `applicationServerKey`.
    let publicKey: String
}

struct PushSubscriptionRequest: StrictContent {
    static let allowedKeys: Set<String> = ["endpoint", "keys", "expirationTime"]

    struct Keys: Content {
        let p256dh: String
        let auth: String
    }

    let endpoint: String
    let keys: Keys
}

struct PushSubscriptionDTO: Content {
    let id: UUID
    /// The push service (its host), not the whole address.
    let service: String
    let createdAt: Date
    let lastSuccessAt: Date?
    /// Made by the browser asking.
    let thisDevice: Bool

    init(_ subscription: PushSubscription, session: UUID) throws {
        id = try subscription.requireID()
        service = URL(string: subscription.endpoint)?.host ?? ""
        createdAt = subscription.createdAt
        lastSuccessAt = subscription.lastSuccessAt
        thisDevice = subscription.$session.id == session
    }
}
