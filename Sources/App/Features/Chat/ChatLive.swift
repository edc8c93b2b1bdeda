import Fluent
import Foundation
import NIOWebSocket
import Vapor

/// What a client sends about chat on the realtime socket, and what each socket's task does:
/// `{"type":"catchUp","conversations":{"<id>":<last seen number>,…}}` sends every message it
/// missed in those conversations, in order, then `{"type":"caughtUp"}`, and from then on each new
/// message once; `{"type":"typing","conversationId":"<id>"}` tells the others.
enum ChatLive {
    static let maxConversations = 200

    struct CatchUp: Decodable {
        let conversations: [String: Int]
    }

    struct Typing: Decodable {
        let conversationId: UUID
    }

    static func register(on app: Application) {
        let hub = app.realtime
        hub.onClose { socket in app.chat.forget(socket) }
        hub.handle("catchUp") { connection, frame, request in
            guard let body = try? JSONDecoder().decode(CatchUp.self, from: frame),
                body.conversations.count <= maxConversations,
                let asked = parse(body.conversations)
            else {
                try? await connection.socket.send(
                    RealtimeController.error(
                        "catchUp names at most \(maxConversations) conversations, each with its last seen number (0 or more)."
                    )
                )
                return
            }
            subscriber(connection, request).enqueue(.catchUp(asked))
        }
        hub.handle("typing") { connection, frame, request in
            guard let body = try? JSONDecoder().decode(Typing.self, from: frame) else {
                try? await connection.socket.send(RealtimeController.error("typing names a conversationId."))
                return
            }
            subscriber(connection, request).enqueue(.typing(conversation: body.conversationId, at: request.now))
        }
    }

    private static func parse(_ conversations: [String: Int]) -> [UUID: Int]? {
        var asked: [UUID: Int] = [:]
        for (key, seq) in conversations {
            guard let id = UUID(uuidString: key), seq >= 0 else { return nil }
            asked[id] = seq
        }
        return asked
    }

    private static func subscriber(_ connection: RealtimeHub.Connection, _ request: Request) -> ChatSubscriber {
        let socket = connection.socket
        return request.application.chat.subscriber(for: socket) {
            ChatSubscriber(
                userID: connection.userID,
                work: { job, cursors in
                    try await Worker(request: request, socket: socket, userID: connection.userID).run(job, &cursors)
                },
                close: { try? await socket.close(code: .unknown(ChatSubscriber.tooSlow)) }
            )
        }
    }

    /// One socket's work, done in order by its task.
    struct Worker {
        let request: Request
        let socket: WebSocket
        let userID: UUID

        var db: any Database { request.db }

        func run(_ job: ChatSubscriber.Job, _ cursors: inout ChatSubscriber.Cursors) async throws {
            switch job {
            case .frame(let text):
                try await socket.send(text)
            case .message(let conversation, let seq, let readsFrom, let prepared):
                guard let cursor = cursors.sent[conversation] else {
                    try await socket.send(ChatFrames.news(conversation: conversation, lastSeq: seq))
                    return
                }
                guard seq > cursor else { return }
                if seq == cursor + 1, let prepared {
                    // The very next one, read once for the instance: no gap to fill.
                    if readsFrom.map({ prepared.sentAt >= $0 }) ?? true {
                        try await socket.send(prepared.sender == userID ? prepared.forSender : prepared.forOthers)
                    }
                } else {
                    try await send(conversation, after: cursor, upTo: seq, readsFrom: readsFrom)
                }
                cursors.sent[conversation] = seq
            case .changed(let conversation, let id, let readsFrom):
                guard let cursor = cursors.sent[conversation],
                    let message = try await ChatMessage.find(id, on: db), message.seq <= cursor,
                    readsFrom.map({ message.sentAt >= $0 }) ?? true
                else { return }
                let dto = try await ChatQueries(db: db).messages([message], for: userID)
                try await socket.send(try ChatFrames.message(dto[0], changed: true))
            case .catchUp(let asked):
                for (conversation, seq) in asked.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                    try await catchUp(conversation, after: seq, &cursors)
                }
                try await socket.send(ChatFrames.caughtUp)
            case .resync:
                for (conversation, cursor) in cursors.sent {
                    try await catchUp(conversation, after: cursor, &cursors)
                }
            case .typing(let conversation, let at):
                guard cursors.mayTellTyping(in: conversation, at: at) else { return }
                await request.application.chat.publish(.typing(conversation: conversation, user: userID), app: request.application)
            }
        }

        /// Checks the caller may read the conversation now, then sends what came after `seq`.
        private func catchUp(_ conversation: UUID, after seq: Int, _ cursors: inout ChatSubscriber.Cursors) async throws {
            let granted: ChatAccess.Granted
            let newest: Int
            do {
                guard let found = try await Conversation.find(conversation, on: db) else { throw Problem.notFound() }
                granted = try await ChatAccess(request: request).authorize(.read, in: found)
                newest = found.lastSeq
            } catch {
                cursors.sent[conversation] = nil
                cursors.writable.remove(conversation)
                try await socket.send(
                    RealtimeController.error("There is no such conversation, or you may not read it.", conversationId: conversation)
                )
                return
            }
            if granted.mayWrite { cursors.writable.insert(conversation) } else { cursors.writable.remove(conversation) }
            let last = try await send(conversation, after: seq, upTo: nil, readsFrom: granted.readsFrom)
            // A number beyond the newest (a client's stale or made-up one) holds back nothing to come.
            cursors.sent[conversation] = max(min(seq, newest), last ?? 0)
        }

        /// Sends the messages after `seq` (up to `upTo`) the reader may see, oldest first, a page at
        /// a time; answers the number of the last one sent.
        @discardableResult
        private func send(_ conversation: UUID, after seq: Int, upTo: Int?, readsFrom: Date?) async throws -> Int? {
            let queries = ChatQueries(db: db)
            var cursor = seq
            var last: Int?
            while true {
                let query = queries.visible(in: conversation, readsFrom: readsFrom).filter(\.$seq > cursor)
                if let upTo { query.filter(\.$seq <= upTo) }
                let page = try await query.sort(\.$seq).limit(100).all()
                for dto in try await queries.messages(page, for: userID) {
                    try await socket.send(try ChatFrames.message(dto))
                }
                guard let end = page.last?.seq else { return last }
                last = end
                cursor = end
                if page.count < 100 { return last }
            }
        }
    }
}
