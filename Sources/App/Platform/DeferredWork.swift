import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Work that runs after the answer has left: mails, mostly. A request that mails someone answers
/// as fast as one that does not (no timing tells whether an address has an account), and a slow
/// mail relay holds up no request. At most `width` pieces run at once; shutting down waits for
/// them all.
final class DeferredWork: @unchecked Sendable {
    private let lock = NIOLock()
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let slots: AsyncSemaphore
    private var held: [CheckedContinuation<Void, Never>]?

    init(width: Int = 4) {
        slots = AsyncSemaphore(limit: width)
    }

    /// Starts `work` in the background; a failure is logged by `name`, never with its details.
    func run(_ name: String, logger: Logger, _ work: @escaping @Sendable () async throws -> Void) {
        lock.withLock { running += 1 }
        Task {
            await waitIfHeld()
            do {
                try await slots.run { try await work() }
            } catch {
                logger.error("deferred work failed", metadata: ["work": "\(name)", "error": "\(type(of: error))"])
            }
            finish()
        }
    }

    /// Holds new work back until `release()`: a test sees what a request did before its answer.
    func hold() {
        lock.withLock { if held == nil { held = [] } }
    }

    var isHeld: Bool { lock.withLock { held != nil } }

    func release() {
        let waiting = lock.withLock {
            defer { held = nil }
            return held ?? []
        }
        for waiter in waiting { waiter.resume() }
    }

    private func waitIfHeld() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = lock.withLock {
                guard held != nil else { return true }
                held?.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
    }

    /// Returns when nothing is running (tests, and shutting down).
    func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock {
                if running == 0 { return true }
                waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func finish() {
        let ready = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            running -= 1
            guard running == 0 else { return [] }
            defer { waiters = [] }
            return waiters
        }
        for waiter in ready { waiter.resume() }
    }
}

/// Lets deferred work finish before the application stops.
struct DeferredWorkDrain: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        await app.deferred.idle()
    }
}

extension Application {
    private struct DeferredKey: StorageKey { typealias Value = DeferredWork }

    /// Set once by `configure`, before any request.
    var deferred: DeferredWork {
        get {
            guard let work = storage[DeferredKey.self] else { fatalError("configure(_:) sets the deferred work") }
            return work
        }
        set { storage[DeferredKey.self] = newValue }
    }
}

extension Request {
    /// Runs `work` after the answer, with the application (the request itself is gone by then).
    func afterAnswer(_ name: String, _ work: @escaping @Sendable (Application) async throws -> Void) {
        let app = application
        app.deferred.run(name, logger: app.logger) { try await work(app) }
    }
}
