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

    /// The frame for one reader, or nil when the message was sent before they read from.
    func frame(for reader: UUID, readsFrom: Date?) -> String? {
        guard readsFrom.map({ sentAt >= $0 }) ?? true else { return nil }
        return sender == reader ? forSender : forOthers
    }
}

/// One open socket's chat: a bounded queue of work done in order, so a slow or stalled client
/// never slows the others. When its queue overflows the socket is closed (code 4008); the client
/// reconnects and catches up. Per conversation the client caught up on, it keeps the last number
/// it sent: a message is sent once, in order, and a gap is filled from the database before the
/// message after it. A task works while there is work and ends when the queue is empty, so an
/// idle socket holds no task (10,000 waiting sockets are 10,000 small records).
///
/// The common case goes without a task: a new message that is the very next one of a conversation
/// the client caught up on, while no work waits, is written to the socket at once. Such frames
/// count against the same bound until they are written: a client that stops reading is let go.
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
    /// Writes a frame to the socket without waiting; the future completes once it is written.
    typealias Write = @Sendable (_ text: String) -> EventLoopFuture<Void>

    static let capacity = 512
    /// The close code of a socket whose queue overflowed: reconnect and catch up.
    static let tooSlow: UInt16 = 4008

    private struct State {
        /// Room for one job: an idle socket's queue is small, and grows while work waits.
        var queue = CircularBuffer<Job>(initialCapacity: 1)
        var cursors = Cursors()
        /// The task working through the queue, while there is work.
        var worker: Task<Void, Never>?
        var working = false
        /// Frames written at once and not yet out of the socket.
        var inFlight = 0
        var overflowed = false
        var stopped = false
    }

    let userID: UUID
    private let capacity: Int
    private let work: Work
    private let write: Write?
    private let closing: @Sendable () async -> Void
    private let state = NIOLockedValueBox(State())

    init(
        userID: UUID,
        capacity: Int = ChatSubscriber.capacity,
        work: @escaping Work,
        write: Write? = nil,
        close: @escaping @Sendable () async -> Void
    ) {
        self.userID = userID
        self.capacity = capacity
        self.work = work
        self.write = write
        self.closing = close
    }

    /// Queues a job, and starts the worker if none is working; a full queue closes the socket.
    /// The next message of a conversation, when nothing waits, is written at once.
    func enqueue(_ job: Job) {
        let next = state.withLockedValue { state -> Next in
            guard !state.stopped else { return .nothing }
            if let write, !state.working, state.queue.isEmpty, let frame = Self.immediate(job, state.cursors, for: userID) {
                guard state.inFlight < capacity else { return Self.overflow(&state) }
                if case .message(let conversation, let seq, _, _) = job, let cursor = state.cursors.sent[conversation],
                    seq > cursor
                {
                    state.cursors.sent[conversation] = seq
                }
                guard let frame else { return .nothing }
                state.inFlight += 1
                // Written while the lock is held, so frames leave in the order they were numbered.
                return .written(write(frame))
            }
            guard state.queue.count < capacity else {
                return Self.overflow(&state)
            }
            state.queue.append(job)
            guard !state.working else { return .nothing }
            state.working = true
            return .startWorker
        }
        switch next {
        case .nothing:
            return
        case .written(let written):
            written.whenComplete { _ in self.state.withLockedValue { $0.inFlight -= 1 } }
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

    private enum Next {
        case nothing, startWorker, close
        case written(EventLoopFuture<Void>)
    }

    private static func overflow(_ state: inout State) -> Next {
        state.overflowed = true
        state.stopped = true
        state.queue.removeAll()
        return .close
    }

    /// What a job sends at once without the worker: `.some(frame)`, `.some(nil)` when it sends
    /// nothing (a message the reader had, or may not see), nil when the worker must do it (a gap
    /// to fill from the database, or any other job).
    private static func immediate(_ job: Job, _ cursors: Cursors, for reader: UUID) -> String?? {
        guard case .message(let conversation, let seq, let readsFrom, let prepared) = job else { return nil }
        guard let cursor = cursors.sent[conversation] else {
            return .some(ChatFrames.news(conversation: conversation, lastSeq: seq))
        }
        if seq <= cursor { return .some(nil) }
        guard seq == cursor + 1, let prepared else { return nil }
        return .some(prepared.frame(for: reader, readsFrom: readsFrom))
    }

    /// Works through the queue in order; steps down, keeping the cursors, when it is empty.
    private func drain() async {
        var cursors = state.withLockedValue { $0.cursors }
        while true {
            let job = state.withLockedValue { state -> Job? in
                guard !state.stopped, !state.queue.isEmpty else {
                    if state.queue.capacity > 16 { state.queue = CircularBuffer(initialCapacity: 1) }
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

    /// Whether no task works through the queue now.
    var isIdle: Bool { state.withLockedValue { !$0.working } }

    func stop() {
        let worker = state.withLockedValue { state -> Task<Void, Never>? in
            state.stopped = true
            state.queue.removeAll()
            return state.worker
        }
        worker?.cancel()
    }
}
