import Fluent
import MobilizeCore
import Vapor

/// The conversations of a user's circle: the circle's own and the direct ones between two of its
/// members, with their settings.
struct ChatController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("users", ":userId", "conversations", use: list)
        routes.post("users", ":userId", "conversations", use: start)
        routes.get("conversations", ":conversationId", use: show)
        routes.patch("conversations", ":conversationId", use: configure)
        MessagesController().boot(routes)
    }

    /// The circle's conversation and the caller's direct ones in this circle.
    func list(req: Request) async throws -> Page<ConversationDTO> {
        let userID = try req.id("userId")
        let circle = try await circleConversation(req, of: userID)
        let access = ChatAccess(request: req)
        let caller = try req.principal.userID
        var items = [try await ChatQueries(db: req.db).conversation(access.authorize(.read, in: circle))]
        let direct = try await Conversation.query(on: req.db).filter(\.$circleUser.$id == userID)
            .filter(\.$kind == .direct)
            .group(.or) { $0.filter(\.$memberA.$id == caller).filter(\.$memberB.$id == caller) }
            .sort(\.$createdAt).all()
        for conversation in direct {
            items.append(try await ChatQueries(db: req.db).conversation(access.authorize(.read, in: conversation)))
        }
        return Page(items: items, next: nil)
    }

    /// A direct conversation with another member of the circle: the one they already have, or a
    /// new one.
    func start(req: Request) async throws -> Response {
        let userID = try req.id("userId")
        let body = try req.decode(StartConversationRequest.self)
        let settings = try await circleConversation(req, of: userID)
        let granted = try await CircleAccess(request: req)
            .authorize(.write, userID: userID, viewersMayWrite: settings.viewersMayWrite)
        let caller = granted.principal.userID
        guard body.withUserId != caller,
            try await ChatAccess.isInCircle(body.withUserId, of: userID, on: req.db)
        else { throw Problem.invalid("withUserId", "is not another member of this circle") }
        let made = Conversation(circleUser: userID, between: (caller, body.withUserId), now: req.now)
        let existing = Conversation.query(on: req.db).filter(\.$circleUser.$id == userID)
            .filter(\.$pairKey == made.pairKey)
        var created = false
        if try await existing.first() == nil {
            do {
                try await made.create(on: req.db)
                created = true
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Started meanwhile by the other person.
            }
        }
        guard let conversation = try await existing.first() else { throw Problem.notFound() }
        let dto = try await ChatQueries(db: req.db).conversation(ChatAccess(request: req).authorize(.read, in: conversation))
        return try await dto.encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// The circle's conversation, once the caller may read in the circle (made the first time).
    private func circleConversation(_ req: Request, of userID: UUID) async throws -> Conversation {
        _ = try await CircleAccess(request: req).authorize(.read, userID: userID, viewersMayWrite: false)
        return try await ChatAccess.circleConversation(of: userID, on: req.db, now: req.now)
    }

    func show(req: Request) async throws -> ConversationDTO {
        try await ChatQueries(db: req.db).conversation(ChatAccess(request: req).authorize(.read))
    }

    /// The circle's choices: whether viewers write, whether a new planner reads what came before.
    func configure(req: Request) async throws -> ConversationDTO {
        let granted = try await ChatAccess(request: req).authorize(.manage)
        let body = try req.decode(ConversationSettingsRequest.self)
        let conversation = granted.conversation
        guard conversation.kind == .circle else {
            throw Problem.conflict("The circle's choices are made on its own conversation, not on a direct one.")
        }
        if let value = body.viewersMayWrite { conversation.viewersMayWrite = value }
        if let value = body.sharesHistory { conversation.sharesHistory = value }
        try await conversation.save(on: req.db)
        return try await ChatQueries(db: req.db).conversation(ChatAccess(request: req).authorize(.read, in: conversation))
    }
}
