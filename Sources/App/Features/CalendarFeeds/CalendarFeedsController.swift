import Fluent
import MobilizeCore
import Vapor

/// Calendar feeds: a person who reads a user's plan makes a private address for their calendar
/// app (Apple, Google, Outlook), lists and revokes their own. The feed itself answers to its
/// token alone, read-only and rate-limited, and only while its maker may read the plan.
struct CalendarFeedsController: RouteCollection {
    static let maxFeeds = 10
    /// A calendar app asks every 15 minutes or less often; this leaves room for several.
    /// Reads of one feed: thirty, then waits that double from two minutes (calendar apps read
    /// every quarter of an hour or less often).
    static let readsPerToken = Throttle(free: 30, base: 120, cap: 3600, forgetAfter: 3600)
    /// Unknown tokens tried from one address.
    static let unknownTokensPerIP = Throttle(free: 20, base: 30, cap: 900, forgetAfter: 600)

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.post("calendar-feeds", use: create)
        user.get("calendar-feeds", use: list)
        user.delete("calendar-feeds", ":feedId", use: revoke)
        user.get("calendar.ics", use: feed)
    }

    func create(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.subscribe)
        let userID = try granted.subject.requireID()
        let mine = try await CalendarFeed.query(on: req.db).filter(\.$user.$id == userID)
            .filter(\.$createdBy.$id == granted.principal.userID).count()
        guard mine < Self.maxFeeds else {
            throw Problem.conflict("You have \(Self.maxFeeds) calendar feeds of this plan. Revoke one first.")
        }
        let token = Secret.token()
        let feed = CalendarFeed(
            user: userID,
            createdBy: granted.principal.userID,
            tokenHash: Secret.hash(token),
            createdAt: req.now
        )
        try await feed.create(on: req.db)
        let url = "\(req.application.config.publicOrigin)/api/v1/users/\(userID)/calendar.ics?token=\(token)"
        var dto = try feed.toDTO()
        dto.url = url
        dto.webcalUrl = url.replacingOccurrences(of: "https://", with: "webcal://")
            .replacingOccurrences(of: "http://", with: "webcal://")
        return try await dto.encodeResponse(status: .created, for: req)
    }

    func list(req: Request) async throws -> Page<CalendarFeedDTO> {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.subscribe)
        let query = try CalendarFeed.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .filter(\.$createdBy.$id == granted.principal.userID)
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    func revoke(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(PlanAction.subscribe)
        guard
            let feed = try await CalendarFeed.query(on: req.db).filter(\.$id == req.id("feedId"))
                .filter(\.$user.$id == granted.subject.requireID())
                .filter(\.$createdBy.$id == granted.principal.userID).first()
        else { throw Problem.notFound() }
        try await feed.delete(on: req.db)
        return .noContent
    }

    /// The feed: RFC 5545 text, for whoever holds the token, as its maker sees the plan now.
    func feed(req: Request) async throws -> Response {
        let userID = try req.id("userId")
        let ipKey = "feed:ip:\(req.clientIP ?? "-")"
        try await req.attempt(ipKey, Self.unknownTokensPerIP)
        let token = req.queryValues(CalendarFeedQuery.self).token ?? ""
        let hash = Secret.hash(token)
        guard !token.isEmpty, token.utf8.count <= 100,
            let feed = try await CalendarFeed.query(on: req.db).filter(\.$tokenHash == hash)
                .filter(\.$user.$id == userID).with(\.$user).with(\.$createdBy).first()
        else { throw Problem.notFound() }
        try await req.attempts.refund(ipKey)
        try await req.attempt("feed:token:\(hash)", Self.readsPerToken)
        let subject = feed.user
        let maker = feed.createdBy
        let makerID = try maker.requireID()
        // The maker's standing now: a planner removed from the user reads nothing more.
        let relationship = try await CircleAccess(request: req).relationship(of: makerID, to: userID)
        guard Policy.decide(.subscribe, actor: .person, relationship: relationship, app: subject.app) == .allow else {
            throw Problem.notFound()
        }
        if subject.isRestricted || maker.isRestricted { throw Problem.restricted() }
        if case .planner(let role) = relationship {
            try await req.logAccess(to: [userID], by: makerID, action: "read", role: role.rawValue)
        }
        if feed.lastUsedAt.map({ req.now.timeIntervalSince($0) > 3600 }) ?? true {
            feed.lastUsedAt = req.now
            try await feed.update(on: req.db)
        }
        let calendar = try await CalendarFeedBuilder(
            db: req.db,
            user: subject,
            viewer: makerID,
            language: maker.locale,
            now: req.now
        ).calendar()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"plan.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: calendar.text()))
    }
}

extension CalendarFeed {
    func toDTO() throws -> CalendarFeedDTO {
        CalendarFeedDTO(id: try requireID(), userId: $user.id, createdAt: createdAt, lastUsedAt: lastUsedAt)
    }
}
