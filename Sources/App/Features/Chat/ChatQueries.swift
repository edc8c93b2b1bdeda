import Fluent
import SQLKit
import Vapor

/// Reads of conversations and messages, shaped as their members see them.
struct ChatQueries {
    let db: any Database

    /// Messages as the caller sees them: the senders' names, the pictures in their places, and the
    /// caller's own keys.
    func messages(_ rows: [ChatMessage], for caller: UUID) async throws -> [MessageDTO] {
        let ids = try rows.map { try $0.requireID() }
        let senders = Set(rows.compactMap { $0.$sender.id })
        var names: [UUID: String] = [:]
        for chunk in Array(senders).chunks() {
            for user in try await User.query(on: db).filter(\.$id ~~ chunk).all() {
                names[try user.requireID()] = user.name
            }
        }
        var pictures: [UUID: [ChatMessagePicture]] = [:]
        for chunk in ids.chunks() {
            for link in try await ChatMessagePicture.query(on: db).filter(\.$message.$id ~~ chunk).with(\.$picture)
                .sort(\.$position).all()
            {
                pictures[link.$message.id, default: []].append(link)
            }
        }
        return try rows.map { message in
            let id = try message.requireID()
            return MessageDTO(
                id: id,
                conversationId: message.$conversation.id,
                seq: message.seq,
                senderId: message.$sender.id,
                senderName: message.$sender.id.flatMap { names[$0] },
                text: message.text,
                pictures: (pictures[id] ?? []).map {
                    .init(id: $0.$picture.id, width: $0.picture.width, height: $0.picture.height)
                },
                sentAt: message.sentAt,
                editedAt: message.editedAt,
                deleted: message.isDeleted,
                clientKey: message.$sender.id == caller ? message.clientKey : nil
            )
        }
    }

    /// The messages the caller may read: from `readsFrom` on.
    func visible(in conversation: UUID, readsFrom: Date?) -> QueryBuilder<ChatMessage> {
        let query = ChatMessage.query(on: db).filter(\.$conversation.$id == conversation)
        if let readsFrom { query.filter(\.$sentAt >= readsFrom) }
        return query
    }

    /// The first number the caller may read.
    func firstVisibleSeq(in conversation: Conversation, readsFrom: Date?) async throws -> Int {
        guard let readsFrom else { return 1 }
        let first = try await visible(in: conversation.requireID(), readsFrom: readsFrom).sort(\.$seq).first()
        return first?.seq ?? conversation.lastSeq + 1
    }

    /// Messages by others after `seq` that the caller may read and that are not deleted.
    func unread(in conversation: UUID, after seq: Int, for caller: UUID, readsFrom: Date?) async throws -> Int {
        try await visible(in: conversation, readsFrom: readsFrom).filter(\.$seq > seq)
            .filter(\.$deletedAt == nil)
            .group(.or) { $0.filter(\.$sender.$id == nil).filter(\.$sender.$id != caller) }
            .count()
    }

    /// The people of a conversation now, with how far each has read.
    func members(of conversation: Conversation) async throws -> [ConversationDTO.Member] {
        let conversationID = try conversation.requireID()
        let circleUser = conversation.$circleUser.id
        var roles: [UUID: String] = [circleUser: "user"]
        for link in try await PlannerLink.query(on: db).filter(\.$user.$id == circleUser).all() {
            roles[link.$planner.id] = link.role.rawValue
        }
        let people = conversation.kind == .circle ? Array(roles.keys) : conversation.pair
        let reads = try await ConversationRead.query(on: db).filter(\.$conversation.$id == conversationID).all()
        let readBy = Dictionary(reads.map { ($0.$user.id, $0.lastReadSeq) }, uniquingKeysWith: max)
        var members: [ConversationDTO.Member] = []
        for chunk in people.chunks() {
            for user in try await User.query(on: db).filter(\.$id ~~ chunk).all() {
                let id = try user.requireID()
                members.append(
                    .init(id: id, name: user.name, role: roles[id] ?? "former", lastReadSeq: readBy[id] ?? 0)
                )
            }
        }
        return members.sorted { ($0.role == "user" ? 0 : 1, $0.name) < ($1.role == "user" ? 0 : 1, $1.name) }
    }

    func conversation(_ granted: ChatAccess.Granted) async throws -> ConversationDTO {
        let conversation = granted.conversation
        let id = try conversation.requireID()
        let caller = granted.principal.userID
        let lastRead =
            try await ConversationRead.query(on: db).filter(\.$conversation.$id == id)
            .filter(\.$user.$id == caller).first()?.lastReadSeq ?? 0
        return ConversationDTO(
            id: id,
            userId: conversation.$circleUser.id,
            kind: conversation.kind.rawValue,
            members: try await members(of: conversation),
            lastSeq: conversation.lastSeq,
            lastReadSeq: lastRead,
            unreadCount: try await unread(in: id, after: lastRead, for: caller, readsFrom: granted.readsFrom),
            firstVisibleSeq: try await firstVisibleSeq(in: conversation, readsFrom: granted.readsFrom),
            mayWrite: granted.mayWrite,
            viewersMayWrite: granted.settings.viewersMayWrite,
            sharesHistory: granted.settings.sharesHistory
        )
    }
}
