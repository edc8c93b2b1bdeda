import Fluent
import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// `GET /api/v1/realtime`: a WebSocket that tells a user's open devices and planners when the
/// user's plan changes. Signed in by the session (the cookie in the web app, a bearer token in
/// an app); a browser must come from our own origin.
struct RealtimeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("realtime", use: connect)
    }

    func connect(req: Request) async throws -> Response {
        let principal = try req.principal
        let upgrade = req.headers[canonicalForm: "upgrade"].map { $0.lowercased() }
        guard upgrade.contains("websocket") else {
            throw Problem(
                .upgradeRequired,
                detail: "Open this address as a WebSocket."
            )
        }
        // Cross-site WebSocket hijacking: a browser sends its Origin; one carrying the session
        // cookie must come from us. An app signs in with its bearer token and no cookie.
        if let origin = req.headers.first(name: .origin) {
            guard OriginCheckMiddleware.isSameOrigin(origin, req, publicOrigin: req.application.config.publicOrigin)
            else { throw Problem.forbidden("Cross-site requests are not accepted.") }
        } else if req.headers.bearerAuthorization == nil {
            throw Problem.forbidden("A request with the session cookie must come from the web app.")
        }
        let hub = req.application.realtime
        let connection = (userID: principal.userID, sessionID: try principal.session.requireID())
        guard hub.hasRoom(for: connection.sessionID) else {
            throw Problem.rateLimited(
                retryAfter: 60,
                "This session has \(RealtimeHub.maxPerSession) live connections open already; close one (a tab) first."
            )
        }
        let caller = try SocketCaller(opening: req, principal: principal)
        return req.webSocket(maxFrameSize: Self.maxFrameSize) { _, socket in
            // Set on the socket's event loop: WebSocketKit sends the ping, then notes that it waits
            // for the pong; set from another thread, a quick pong could arrive between the two and
            // be forgotten, and the socket closed as dead 30 seconds later.
            socket.eventLoop.execute { socket.pingInterval = .seconds(30) }
            let connection = RealtimeHub.Connection(
                socket: socket,
                userID: connection.userID,
                sessionID: connection.sessionID
            )
            guard hub.add(connection) else {
                try? await socket.close(code: .policyViolation)
                return
            }
            socket.onClose.whenComplete { _ in hub.remove(socket) }
            let mistakes = NIOLockedValueBox(0)
            socket.onText { socket, text in
                let frame = Data(text.utf8)
                let type = (try? JSONSerialization.jsonObject(with: frame) as? [String: Any])?["type"] as? String
                guard let type, let handler = hub.handler(for: type) else {
                    try? await socket.send(Self.error("A frame is a JSON object with a known \"type\"."))
                    // A client that keeps sending what nobody understands is let go.
                    if mistakes.withLockedValue({ $0 += 1; return $0 }) > Self.maxMistakes {
                        try? await socket.close(code: .policyViolation)
                    }
                    return
                }
                await handler(connection, frame, caller)
            }
            socket.onBinary { socket, _ in try? await socket.close(code: .unacceptableData) }
            try? await socket.send(RealtimeHub.Message.hello.text)
        }
    }

    /// The largest frame a client may send.
    static let maxFrameSize: WebSocketMaxFrameSize = .init(integerLiteral: 16 << 10)
    static let maxMistakes = 20

    static func error(_ detail: String, conversationId: UUID? = nil) -> String {
        var object: [String: String] = ["type": "error", "detail": detail]
        if let conversationId { object["conversationId"] = conversationId.uuidString }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Who opened a socket, kept for as long as it is open, in a few words: the session, the route, the
/// address and the headers the access log reads, not the request (its headers, storage and logger)
/// nor the rows of the session. Work a frame asks for gets a request of its own, signed in by
/// reading the session again: a session that ended meanwhile does nothing more. 10,000 waiting
/// sockets hold 10,000 of these.
struct SocketCaller: Sendable {
    let application: Application
    let sessionID: UUID
    let userID: UUID
    private let url: URI
    private let route: Route?
    private let remoteAddress: SocketAddress?
    private let headers: HTTPHeaders
    private let eventLoop: any EventLoop

    init(opening: Request, principal: Principal) throws {
        application = opening.application
        sessionID = try principal.session.requireID()
        userID = principal.userID
        url = opening.url
        route = opening.route
        remoteAddress = opening.remoteAddress
        var headers = HTTPHeaders()
        for name in [HTTPHeaders.Name.userAgent, .xForwardedFor] {
            for value in opening.headers[name] { headers.add(name: name, value: value) }
        }
        self.headers = headers
        eventLoop = opening.eventLoop
    }

    var now: Date { application.clock.now }

    /// A request like the one that opened the socket, signed in as its session if that is still
    /// current (401 if not).
    func request() async throws -> Request {
        let request = Request(
            application: application,
            method: .GET,
            url: url,
            headers: headers,
            remoteAddress: remoteAddress,
            logger: application.logger,
            on: eventLoop
        )
        request.route = route
        guard
            let session = try await AuthSession.query(on: request.db).filter(\.$id == sessionID).with(\.$user)
                .with(\.$lockedTo).first(),
            session.isCurrent(at: request.now, config: application.config)
        else { throw Problem.unauthorized() }
        request.auth.login(Principal(session: session))
        return request
    }
}

/// Tells the realtime hub after a successful change to a user's plan (any write under
/// `/users/{userId}/activities`), once the change is committed.
struct PlanChangeNotifier: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.method != .GET, request.method != .HEAD, (200..<300).contains(response.status.code),
            let userID = request.parameters.get("userId").flatMap(UUID.init(uuidString:))
        {
            // This instance's cache first, so that the reads the news prompts see the change (other
            // instances empty theirs as the news reaches them; the outer middleware tells them too).
            request.application.accessCache.invalidate()
            await request.application.realtime.planChanged(of: userID, db: request.db)
        }
        return response
    }
}
