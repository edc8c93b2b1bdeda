import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// A new message's frame as the instance read it once: the sender's (with their key) and the
/// others', so that a socket caught up to the number before it sends it without reading it again.
struct PreparedMessage: Sendable {
    let sender: UUID?
    let sentAt: Date
    let forSender: String
    let forOthers: String

    init(_ message: MessageDTO) throws {
        sender = message.senderId
        sentAt = message.sentAt
        forSender = try ChatFrames.message(message)
        var others = message
        others.clientKey = nil
        forOthers = try ChatFrames.message(others)
    }
}

/// One open socket's chat: a bounded queue of work done in order, so a slow or stalled client
/// never slows the others. When its queue overflows the socket is closed (code 4008); the client
/// reconnects and catches up. Per conversation the client caught up on, it keeps the last number
/// it sent: a message is sent once, in order, and a gap is filled from the database before the
/// message after it. A task works while there is work and ends when the queue is empty, so an
/// idle socket holds no task (10,000 waiting sockets are 10,000 small records).
final class ChatSubscriber: Sendable {
    enum Job: Sendable {
        /// Message `seq` of a conversation was stored; `readsFrom` is this reader's start;
        /// `prepared` its frames, read once for every socket of the instance.
        case message(conversation: UUID, seq: Int, readsFrom: Date?, prepared: PreparedMessage?)
        /// A message was edited or deleted.
        case changed(conversation: UUID, message: UUID, readsFrom: Date?)
        /// A frame to send as it is (receipts, typing).
        case frame(String)
        /// The client's last seen numbers: send what it missed, then `caughtUp`.
        case catchUp([UUID: Int])
        /// News may have been missed: fill every conversation caught up on.
        case resync
        /// The client is typing in a conversation.
        case typing(conversation: UUID, at: Date)
    }

    /// What the worker keeps between jobs.
    struct Cursors: Sendable {
        /// The last number sent, by conversation caught up on.
        var sent: [UUID: Int] = [:]
        /// Conversations caught up on where the client may write.
        var writable: Set<UUID> = []
        var lastTyping: [UUID: Date] = [:]

        /// Whether a typing signal may go out now: at most one in two seconds.
        mutating func mayTellTyping(in conversation: UUID, at now: Date) -> Bool {
            guard writable.contains(conversation) else { return false }
            if let last = lastTyping[conversation], now.timeIntervalSince(last) < 2 { return false }
            lastTyping[conversation] = now
            return true
        }
    }

    /// What the worker does with a job.
    typealias Work = @Sendable (_ job: Job, _ cursors: inout Cursors) async throws -> Void

    static let capacity = 512
    /// The close code of a socket whose queue overflowed: reconnect and catch up.
    static let tooSlow: UInt16 = 4008

    private struct State {
        var queue = CircularBuffer<Job>()
        var cursors = Cursors()
        /// The task working through the queue, while there is work.
        var worker: Task<Void, Never>?
        var working = false
        var overflowed = false
        var stopped = false
    }

    let userID: UUID
    private let capacity: Int
    private let work: Work
    private let closing: @Sendable () async -> Void
    private let state = NIOLockedValueBox(State())

    init(
        userID: UUID,
        capacity: Int = ChatSubscriber.capacity,
        work: @escaping Work,
        close: @escaping @Sendable () async -> Void
    ) {
        self.userID = userID
        self.capacity = capacity
        self.work = work
        self.closing = close
    }

    /// Queues a job, and starts the worker if none is working; a full queue closes the socket.
    func enqueue(_ job: Job) {
        enum Next { case nothing, startWorker, close }
        let next = state.withLockedValue { state -> Next in
            guard !state.stopped else { return .nothing }
            guard state.queue.count < capacity else {
                state.overflowed = true
                state.stopped = true
                state.queue.removeAll()
                return .close
            }
            state.queue.append(job)
            guard !state.working else { return .nothing }
            state.working = true
            return .startWorker
        }
        switch next {
        case .nothing:
            return
        case .startWorker:
            let worker = Task { await self.drain() }
            state.withLockedValue { state in
                if state.working { state.worker = worker }
            }
        case .close:
            state.withLockedValue { $0.worker }?.cancel()
            let closing = closing
            Task { await closing() }
        }
    }

    /// Works through the queue in order; steps down, keeping the cursors, when it is empty.
    private func drain() async {
        var cursors = state.withLockedValue { $0.cursors }
        while true {
            let job = state.withLockedValue { state -> Job? in
                guard !state.stopped, !state.queue.isEmpty else {
                    state.cursors = cursors
                    state.working = false
                    state.worker = nil
                    return nil
                }
                return state.queue.removeFirst()
            }
            guard let job else { return }
            do {
                try await work(job, &cursors)
            } catch {
                // The socket is gone or the database failed: the client catches up when it
                // connects again.
                state.withLockedValue { state in
                    state.stopped = true
                    state.queue.removeAll()
                    state.working = false
                    state.worker = nil
                }
                await closing()
                return
            }
        }
    }

    var hasOverflowed: Bool { state.withLockedValue { $0.overflowed } }

    func stop() {
        let worker = state.withLockedValue { state -> Task<Void, Never>? in
            state.stopped = true
            state.queue.removeAll()
            return state.worker
        }
        worker?.cancel()
    }
}
