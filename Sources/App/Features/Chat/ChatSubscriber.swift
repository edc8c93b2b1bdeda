import Foundation
import NIOConcurrencyHelpers

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

/// One open socket's chat: a bounded queue of work done in order by one task, so a slow or
/// stalled client never slows the others. When its queue overflows the socket is closed (code
/// 4008); the client reconnects and catches up. The task keeps, per conversation the client
/// caught up on, the last number it sent: a message is sent once, in order, and a gap is filled
/// from the database before the message after it.
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

    /// What the task keeps between jobs.
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

    /// What the task does with a job.
    typealias Work = @Sendable (_ job: Job, _ cursors: inout Cursors) async throws -> Void

    static let capacity = 512
    /// The close code of a socket whose queue overflowed: reconnect and catch up.
    static let tooSlow: UInt16 = 4008

    let userID: UUID
    private let continuation: AsyncStream<Job>.Continuation
    private let worker: Task<Void, Never>
    private let closing: @Sendable () async -> Void
    private let overflowed = NIOLockedValueBox(false)

    init(
        userID: UUID,
        capacity: Int = ChatSubscriber.capacity,
        work: @escaping Work,
        close: @escaping @Sendable () async -> Void
    ) {
        self.userID = userID
        self.closing = close
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingOldest(capacity))
        self.continuation = continuation
        worker = Task {
            var cursors = Cursors()
            for await job in stream {
                do {
                    try await work(job, &cursors)
                } catch {
                    // The socket is gone or the database failed: the client catches up when it
                    // connects again.
                    await close()
                    return
                }
            }
        }
    }

    /// Queues a job; a full queue closes the socket.
    func enqueue(_ job: Job) {
        guard case .dropped = continuation.yield(job) else { return }
        let first = overflowed.withLockedValue { overflowed in
            defer { overflowed = true }
            return !overflowed
        }
        guard first else { return }
        continuation.finish()
        worker.cancel()
        let closing = closing
        Task { await closing() }
    }

    var hasOverflowed: Bool { overflowed.withLockedValue { $0 } }

    func stop() {
        continuation.finish()
        worker.cancel()
    }
}
