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
        hub.handle("catchUp") { connection, frame, caller in
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
            subscriber(connection, caller).enqueue(.catchUp(asked))
        }
        hub.handle("typing") { connection, frame, caller in
            guard let body = try? JSONDecoder().decode(Typing.self, from: frame) else {
                try? await connection.socket.send(RealtimeController.error("typing names a conversationId."))
                return
            }
            subscriber(connection, caller).enqueue(.typing(conversation: body.conversationId, at: caller.now))
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

    private static func subscriber(_ connection: RealtimeHub.Connection, _ caller: SocketCaller) -> ChatSubscriber {
        let socket = connection.socket
        return caller.application.chat.subscriber(for: socket) {
            ChatSubscriber(
                userID: connection.userID,
                work: { job, cursors in
                    try await Worker(caller: caller, socket: socket, userID: connection.userID).run(job, &cursors)
                },
                write: { text in
                    let written = socket.eventLoop.makePromise(of: Void.self)
                    socket.send(text, promise: written)
                    return written.futureResult
                },
                close: { try? await socket.close(code: .unknown(ChatSubscriber.tooSlow)) }
            )
        }
    }

    /// One socket's work, done in order by its task.
    struct Worker {
        let caller: SocketCaller
        let socket: WebSocket
        let userID: UUID

        var db: any Database { caller.application.db }

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
                    if let frame = prepared.frame(for: userID, readsFrom: readsFrom) { try await socket.send(frame) }
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
                let request = try await caller.request()
                for (conversation, seq) in asked.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                    try await catchUp(conversation, after: seq, &cursors, request)
                }
                try await socket.send(ChatFrames.caughtUp)
            case .resync:
                let request = try await caller.request()
                for (conversation, cursor) in cursors.sent {
                    try await catchUp(conversation, after: cursor, &cursors, request)
                }
            case .typing(let conversation, let at):
                guard cursors.mayTellTyping(in: conversation, at: at) else { return }
                await caller.application.chat.publish(.typing(conversation: conversation, user: userID), app: caller.application)
            }
        }

        /// Checks the caller may read the conversation now, then sends what came after `seq`.
        private func catchUp(
            _ conversation: UUID,
            after seq: Int,
            _ cursors: inout ChatSubscriber.Cursors,
            _ request: Request
        ) async throws {
            let granted: ChatAccess.Granted
            let newest: Int
            do {
                guard let found = try await Conversation.find(conversation, on: request.db) else { throw Problem.notFound() }
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
