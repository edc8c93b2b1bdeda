import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Remembers which reads were logged in the last minutes, so that repeating one (a page of
/// pictures, a device refreshing its day) writes one access-log entry, not one per request.
/// Per instance: behind a load balancer each instance logs the read once.
final class ReadCoalescing: @unchecked Sendable {
    let window: TimeInterval
    private let lock = NIOLock()
    private var logged: [String: Date] = [:]

    init(window: TimeInterval = 600) {
        self.window = window
    }

    /// The people whose read by `actor` was not logged within the window; marks them logged.
    func admit(_ subjects: [UUID], actor: UUID, route: String, ip: String?, userAgent: String?, at now: Date) -> [UUID]
    {
        guard window > 0 else { return subjects }
        return lock.withLock {
            subjects.filter { subject in
                let key = "\(actor)|\(subject)|\(route)|\(ip ?? "")|\(userAgent ?? "")"
                if let last = logged[key], now.timeIntervalSince(last) < window, now >= last { return false }
                if logged.count > 50_000 { logged = logged.filter { now.timeIntervalSince($0.value) < window } }
                logged[key] = now
                return true
            }
        }
    }
}

extension Application {
    private struct ReadCoalescingKey: StorageKey { typealias Value = ReadCoalescing }

    /// Set once by `configure`, before any request.
    var readCoalescing: ReadCoalescing {
        get {
            guard let coalescing = storage[ReadCoalescingKey.self] else { fatalError("configure(_:) sets it") }
            return coalescing
        }
        set { storage[ReadCoalescingKey.self] = newValue }
    }
}
