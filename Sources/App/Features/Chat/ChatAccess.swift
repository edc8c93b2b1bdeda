import Fluent
import MobilizeCore
import Vapor

/// The one permission check applied to a conversation: the circle's check (`CircleAccess`), then
/// the conversation's own rules. A direct conversation is read by its two people alone; a planner
/// reads the circle's conversation from the day they joined, unless the circle shares its history.
struct ChatAccess {
    let request: Request

    struct Granted {
        let principal: Principal
        let conversation: Conversation
        /// The circle's conversation, which holds the circle's settings.
        let settings: Conversation
        let relationship: Relationship
        /// Messages sent before this moment are not the caller's to read (nil: all are).
        let readsFrom: Date?
        let mayWrite: Bool
    }

    /// Authorizes an action in the conversation of the `conversationId` path parameter.
    func authorize(_ action: ChatAction) async throws -> Granted {
        guard let conversation = try await conversation(request.id("conversationId")) else { throw Problem.notFound() }
        return try await authorize(action, in: conversation)
    }

    /// The conversation's row. A send or a receipt (routes that leave access alone) takes it from
    /// the access cache: who its members are and its settings change only by requests that empty
    /// the cache. Its `lastSeq` may lag there; those routes read the number fresh when they need it.
    private func conversation(_ id: UUID) async throws -> Conversation? {
        let cache = request.application.accessCache
        guard request.route?.leavesAccessAlone == true else { return try await Conversation.find(id, on: request.db) }
        if let cached = cache.conversation(id, at: request.now) { return cached }
        let generation = cache.currentGeneration
        let found = try await Conversation.find(id, on: request.db)
        if let found { cache.keep(conversation: found, readIn: generation, at: request.now) }
        return found
    }

    func authorize(_ action: ChatAction, in conversation: Conversation) async throws -> Granted {
        let circleUser = conversation.$circleUser.id
        let settings = try await Self.settings(of: circleUser, on: request.db, given: conversation)
        let principal = try request.principal
        // A direct conversation is nobody else's business: not even its existence is told.
        if conversation.kind == .direct, !conversation.pair.contains(principal.userID) {
            _ = try await CircleAccess(request: request).authorize(.read, userID: circleUser, viewersMayWrite: false)
            throw Problem.notFound()
        }
        let granted = try await CircleAccess(request: request)
            .authorize(action, userID: circleUser, viewersMayWrite: settings.viewersMayWrite)
        var mayWrite =
            Policy.decide(
                .write,
                actor: principal.actorKind,
                relationship: granted.relationship,
                guardianActs: granted.subject.guardianActs(at: request.now),
                viewersMayWrite: settings.viewersMayWrite
            ) == .allow
        if conversation.kind == .direct, mayWrite {
            mayWrite = try await Self.otherIsInCircle(conversation, besides: principal.userID, on: request.db)
            if action == .write, !mayWrite {
                throw Problem.conflict("The other person is no longer in this circle: the conversation can be read, not continued.")
            }
        }
        return Granted(
            principal: principal,
            conversation: conversation,
            settings: settings,
            relationship: granted.relationship,
            readsFrom: try await readsFrom(conversation, settings: settings, relationship: granted.relationship),
            mayWrite: mayWrite
        )
    }

    /// A planner reads the circle's conversation from when they joined, unless the circle shares
    /// its history; the user, and the two people of a direct conversation, read all of it.
    private func readsFrom(
        _ conversation: Conversation,
        settings: Conversation,
        relationship: Relationship
    ) async throws -> Date? {
        guard conversation.kind == .circle, !settings.sharesHistory, case .planner = relationship else { return nil }
        let user = conversation.$circleUser.id
        let planner = try request.principal.userID
        let cache = request.application.accessCache
        if request.mayUseAccessCache, let joined = cache.joined(planner, circleOf: user, at: request.now) {
            return joined
        }
        let generation = cache.currentGeneration
        let link = try await PlannerLink.query(on: request.db)
            .filter(\.$user.$id == user).filter(\.$planner.$id == planner).first()
        if request.mayUseAccessCache {
            cache.keep(joined: link?.createdAt, planner: planner, circleOf: user, readIn: generation, at: request.now)
        }
        return link?.createdAt
    }

    /// The circle's conversation (made the first time it is asked for).
    static func circleConversation(of userID: UUID, on db: any Database, now: Date) async throws -> Conversation {
        if let found = try await Conversation.query(on: db).filter(\.$circleUser.$id == userID)
            .filter(\.$pairKey == "circle").first()
        {
            return found
        }
        let made = Conversation(circleUser: userID, now: now)
        do {
            try await made.create(on: db)
            return made
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Made meanwhile by another request.
            guard let found = try await Conversation.query(on: db).filter(\.$circleUser.$id == userID)
                .filter(\.$pairKey == "circle").first()
            else { throw Problem.conflict("The conversation could not be made; try again.") }
            return found
        }
    }

    /// The settings of a circle: kept on its conversation, the defaults until it has one.
    static func settings(of userID: UUID, on db: any Database, given conversation: Conversation) async throws
        -> Conversation
    {
        if conversation.kind == .circle { return conversation }
        return try await Conversation.query(on: db).filter(\.$circleUser.$id == userID)
            .filter(\.$pairKey == "circle").first() ?? Conversation(circleUser: userID, now: conversation.createdAt)
    }

    /// Whether the other person of a direct conversation is still the circle's user or one of its
    /// planners.
    static func otherIsInCircle(_ conversation: Conversation, besides me: UUID, on db: any Database) async throws
        -> Bool
    {
        guard let other = conversation.pair.first(where: { $0 != me }) else { return false }
        return try await isInCircle(other, of: conversation.$circleUser.id, on: db)
    }

    static func isInCircle(_ person: UUID, of userID: UUID, on db: any Database) async throws -> Bool {
        if person == userID { return true }
        return try await PlannerLink.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$planner.$id == person).count() > 0
    }
}

extension AccessCache {
    private struct ConversationKey: Hashable { let id: UUID }
    private struct JoinedKey: Hashable {
        let planner: UUID
        let user: UUID
    }
    private struct Joined { let at: Date? }

    /// A conversation's row, kept like the rows of the permission check.
    func conversation(_ id: UUID, at now: Date) -> Conversation? {
        row(ConversationKey(id: id), as: Conversation.self, at: now)
    }

    func keep(conversation: Conversation, readIn generation: UInt64, at now: Date) {
        guard let id = conversation.id else { return }
        keep(row: conversation, for: ConversationKey(id: id), readIn: generation, at: now)
    }

    /// When a planner joined a circle (nil: they are not in it), as last read.
    func joined(_ planner: UUID, circleOf user: UUID, at now: Date) -> Date?? {
        row(JoinedKey(planner: planner, user: user), as: Joined.self, at: now).map(\.at)
    }

    func keep(joined: Date?, planner: UUID, circleOf user: UUID, readIn generation: UInt64, at now: Date) {
        keep(row: Joined(at: joined), for: JoinedKey(planner: planner, user: user), readIn: generation, at: now)
    }
}
