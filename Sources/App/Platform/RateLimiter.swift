import Foundation
import MobilizeCore
import Vapor

/// Counts attempts per key (an IP address, an account) in fixed windows. In memory: each
/// instance behind a load balancer counts its own share, which still bounds guessing.
actor RateLimiter {
    struct Rule: Sendable {
        let limit: Int
        let window: TimeInterval
    }

    private var windows: [String: RateWindow] = [:]
    private var recorded = 0

    /// Seconds to wait, or nil when the key may try now.
    func retryAfter(_ key: String, at now: Date) -> Int? {
        windows[key]?.retryAfter(at: now)
    }

    func record(_ key: String, rule: Rule, at now: Date) {
        var window = windows[key] ?? RateWindow(limit: rule.limit, window: rule.window, start: now)
        window.record(at: now)
        windows[key] = window
        recorded += 1
        if recorded % 1000 == 0 { windows = windows.filter { !$0.value.isExpired(at: now) } }
    }

    func reset(_ key: String) {
        windows[key] = nil
    }
}

extension Application {
    private struct LimiterKey: StorageKey { typealias Value = RateLimiter }

    var rateLimiter: RateLimiter {
        get {
            guard let limiter = storage[LimiterKey.self] else { fatalError("configure(_:) sets the rate limiter") }
            return limiter
        }
        set { storage[LimiterKey.self] = newValue }
    }
}
