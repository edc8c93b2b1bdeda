import Foundation

/// A fixed-window counter: at most `limit` events per `window`. Pure; the caller brings the time.
public struct RateWindow: Sendable, Equatable {
    public let limit: Int
    public let window: TimeInterval
    public private(set) var start: Date
    public private(set) var count: Int

    public init(limit: Int, window: TimeInterval, start: Date) {
        self.limit = limit
        self.window = window
        self.start = start
        self.count = 0
    }

    /// Seconds to wait before another event is allowed, or nil when one is allowed now.
    public func retryAfter(at now: Date) -> Int? {
        if now.timeIntervalSince(start) >= window || count < limit { return nil }
        return max(1, Int((window - now.timeIntervalSince(start)).rounded(.up)))
    }

    public mutating func record(at now: Date) {
        if now.timeIntervalSince(start) >= window {
            start = now
            count = 0
        }
        count += 1
    }

    public func isExpired(at now: Date) -> Bool {
        now.timeIntervalSince(start) >= window
    }
}
