/// How often something may be tried (a password, a PIN, a pairing code): a few attempts freely,
/// then a wait before each next one that doubles, up to `cap`. It slows a guesser down without a
/// lock-out that a stranger could use against an account's owner. The count starts over when
/// nothing was tried for `forgetAfter` seconds, or when the right answer came.
public struct Throttle: Sendable, Hashable {
    /// Attempts with no wait.
    public var free: Int
    /// Seconds to wait after the last free attempt; doubles with each attempt after it.
    public var base: Int
    /// The longest wait, in seconds.
    public var cap: Int
    /// Seconds without an attempt after which the count starts over.
    public var forgetAfter: Int

    public init(free: Int, base: Int, cap: Int, forgetAfter: Int) {
        self.free = free
        self.base = base
        self.cap = cap
        self.forgetAfter = forgetAfter
    }

    /// Seconds to wait before the next attempt, after `count` attempts.
    public func delay(after count: Int) -> Int {
        guard count >= free else { return 0 }
        let doublings = min(count - free, 40)
        return doublings >= 40 ? cap : min(cap, base << doublings)
    }

    /// The counts after which the wait is still below the cap: the steps a schedule lists.
    public var steps: ClosedRange<Int> {
        var last = free
        while delay(after: last + 1) < cap && last < free + 40 { last += 1 }
        return free...last
    }
}
