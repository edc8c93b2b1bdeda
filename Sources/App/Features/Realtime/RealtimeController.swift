import MobilizeCore
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
        return req.webSocket(maxFrameSize: 1024) { _, socket in
            socket.pingInterval = .seconds(30)
            hub.add(.init(socket: socket, userID: connection.userID, sessionID: connection.sessionID))
            socket.onClose.whenComplete { _ in hub.remove(socket) }
            // Nothing is read from the client: it only listens.
            socket.onText { socket, _ in try? await socket.close(code: .unacceptableData) }
            socket.onBinary { socket, _ in try? await socket.close(code: .unacceptableData) }
            try? await socket.send(RealtimeHub.Message.hello.text)
        }
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
