import Foundation

/// How long data is kept (privacy policy sections 7 and 9.2), as pure date arithmetic.
public enum Retention {
    /// Data about a person goes at the latest 12 months after its purpose ended.
    public static let months = 12
    /// The warning mail goes a month before.
    public static let warningMonths = 11
    /// An erasure asked for by the person waits this long, so they can change their mind.
    public static let gracePeriod: TimeInterval = 30 * 86_400
    /// Billing records: 5 years after the end of the financial year (Danish Bookkeeping Act).
    public static let billingYears = 5

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        return calendar
    }()

    public static func adding(months: Int, to date: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: date)!
    }

    /// When an account unused since `lastActive` is erased.
    public static func erasureDate(lastActive: Date) -> Date {
        adding(months: months, to: lastActive)
    }

    /// When its owner (or their guardians) are warned.
    public static func warningDate(lastActive: Date) -> Date {
        adding(months: warningMonths, to: lastActive)
    }

    /// An inactive account is erased once it is past its erasure date and the warning went out
    /// at least a grace period before, so a missed run never erases without a month's notice.
    public static func mayErase(lastActive: Date, warnedAt: Date?, now: Date) -> Bool {
        guard let warnedAt, warnedAt >= lastActive else { return false }
        return now >= erasureDate(lastActive: lastActive) && now >= warnedAt.addingTimeInterval(gracePeriod)
    }

    public static func shouldWarn(lastActive: Date, warnedAt: Date?, now: Date) -> Bool {
        now >= warningDate(lastActive: lastActive) && (warnedAt == nil || warnedAt! < lastActive)
    }

    /// Access-log entries older than this are pruned.
    public static func accessLogCutoff(now: Date) -> Date {
        adding(months: -months, to: now)
    }

    /// The last day a billing record of a financial year must be kept; it goes after this.
    public static func billingKeptUntil(financialYearEnding end: Date) -> Date {
        calendar.date(byAdding: .year, value: billingYears, to: end)!
    }
}
