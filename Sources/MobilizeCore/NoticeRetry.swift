import Foundation

/// How often, and after what pauses, a mail (or a message to another service) is tried again
/// when the service it goes through fails: 30 seconds, then four times as long each time, at most
/// an hour, six tries in all (about an hour and three quarters), then given up.
public enum NoticeRetry {
    public static let attempts = 6

    /// The pause after the `attempt`-th failed try (1 for the first).
    public static func pause(after attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(4, Double(max(0, attempt - 1))))
    }
}
