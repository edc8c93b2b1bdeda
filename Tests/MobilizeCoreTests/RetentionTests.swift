import Foundation
import MobilizeCore
import Testing

@Suite struct RetentionTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        return calendar
    }()

    static func date(_ y: Int, _ m: Int, _ d: Int) -> Date {
        calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12))!
    }

    @Test func anInactiveAccountIsWarnedAfterElevenMonthsAndErasedAfterTwelve() {
        let last = Self.date(2025, 1, 15)
        #expect(!Retention.shouldWarn(lastActive: last, warnedAt: nil, now: Self.date(2025, 12, 14)))
        #expect(Retention.shouldWarn(lastActive: last, warnedAt: nil, now: Self.date(2025, 12, 15)))
        let warned = Self.date(2025, 12, 15)
        #expect(!Retention.shouldWarn(lastActive: last, warnedAt: warned, now: Self.date(2025, 12, 20)))
        #expect(!Retention.mayErase(lastActive: last, warnedAt: warned, now: Self.date(2026, 1, 14)))
        #expect(Retention.mayErase(lastActive: last, warnedAt: warned, now: Self.date(2026, 1, 15)))
    }

    @Test func noErasureWithoutAMonthsWarning() {
        let last = Self.date(2024, 1, 1)
        #expect(!Retention.mayErase(lastActive: last, warnedAt: nil, now: Self.date(2026, 1, 1)))
        let lateWarning = Self.date(2026, 1, 1)
        #expect(!Retention.mayErase(lastActive: last, warnedAt: lateWarning, now: Self.date(2026, 1, 20)))
        #expect(Retention.mayErase(lastActive: last, warnedAt: lateWarning, now: Self.date(2026, 2, 1)))
    }

    @Test func comingBackCancelsTheWarning() {
        let warned = Self.date(2025, 12, 15)
        let back = Self.date(2025, 12, 20)
        #expect(!Retention.mayErase(lastActive: back, warnedAt: warned, now: Self.date(2026, 2, 1)))
    }

    @Test func billingRecordsAreKeptFiveYearsAfterTheEndOfTheirFinancialYear() {
        let end = Self.date(2021, 12, 31)
        #expect(Retention.billingKeptUntil(financialYearEnding: end) == Self.date(2026, 12, 31))
    }

    @Test func theAccessLogKeepsTwelveMonths() {
        #expect(Retention.accessLogCutoff(now: Self.date(2026, 11, 26)) == Self.date(2025, 11, 26))
    }
}
