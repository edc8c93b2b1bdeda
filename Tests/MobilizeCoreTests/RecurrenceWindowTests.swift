import Foundation
import Testing

@testable import MobilizeCore

/// Expansion reads the asked window, not the years before it, and every expansion has a bound on
/// its work: no rule or range a client sends can make a request run for seconds.
@Suite struct RecurrenceWindowTests {
    let zone = TimeZone(identifier: "Europe/Copenhagen")!

    @Test func expandingAWindowGivesWhatExpandingFromTheStartGivesThere() throws {
        var rng = SplitMix(seed: 77)
        let start = LocalDateTime(iso: "2026-01-05T08:30")!
        let end = LocalDateTime(iso: "2028-01-05T23:59")!
        for _ in 0..<1500 {
            let rule = RecurrenceReferenceTests.randomRule(&rng)
            let all = rule.occurrences(from: start, in: zone, through: end)
            let lower = start.adding(minutes: Int.random(in: 0...(700 * 1440), using: &rng))
            let upper = min(end, lower.adding(minutes: Int.random(in: 0...(62 * 1440), using: &rng)))
            var budget = ExpansionBudget()
            let window = try rule.occurrences(from: start, in: zone, between: lower, and: upper, budget: &budget)
            #expect(window == all.filter { $0 >= lower && $0 <= upper }, "\(rule) in \(lower)...\(upper)")
            // With the series' end kept, as an activity keeps it, the answer is the same.
            var again = ExpansionBudget()
            let end = try rule.end(from: start, in: zone, budget: &again)
            let kept = try rule.occurrences(from: start, in: zone, between: lower, and: upper, end: end, budget: &again)
            #expect(kept == window, "\(rule) with its end kept")
        }
    }

    @Test func aWeekOfADailyRuleFrom1970CostsAWeekOfWork() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY")
        var budget = ExpansionBudget(1000)
        let week = try rule.occurrences(
            from: LocalDateTime(iso: "1970-01-01T07:00")!,
            in: zone,
            between: LocalDateTime(iso: "2026-12-07T00:00")!,
            and: LocalDateTime(iso: "2026-12-13T23:59")!,
            budget: &budget
        )
        #expect(week.count == 7)
        #expect(budget.remaining > 1000 - 30, "it looks at the week, not at 57 years")
    }

    @Test func aCountedSeriesReadLaterCostsAsLittleOnceItsEndIsKept() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=10000")
        let start = LocalDateTime(iso: "1980-01-01T07:00")!
        var counting = ExpansionBudget()
        let end = try rule.end(from: start, in: zone, budget: &counting)
        #expect(end == .notAfter(LocalDateTime(iso: "2007-05-18T07:00")!))
        var budget = ExpansionBudget(1000)
        let week = try rule.occurrences(
            from: start,
            in: zone,
            between: LocalDateTime(iso: "2007-05-14T00:00")!,
            and: LocalDateTime(iso: "2007-05-27T23:59")!,
            end: end,
            budget: &budget
        )
        #expect(week.map(\.date.day) == Array(14...18))
        #expect(budget.remaining > 1000 - 50)
    }

    @Test func anExpansionThatWouldRunForLongEndsWithinItsBudget() throws {
        // Only 29 February, counted ten thousand times: some forty thousand years of days.
        let rule = try RecurrenceRule(parsing: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=10000")
        var budget = ExpansionBudget()
        let end = Result { () throws(ExpansionBudget.Exceeded) in
            try rule.end(from: LocalDateTime(iso: "1970-01-01T07:00")!, in: zone, budget: &budget)
        }
        #expect(throws: ExpansionBudget.Exceeded.self) { try end.get() }
        #expect(budget.remaining == 0)
        // A rule that never occurs is found out within the budget too.
        let never = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30")
        var other = ExpansionBudget()
        #expect(try never.first(from: LocalDateTime(iso: "2026-01-01T07:00")!, in: zone, budget: &other) == nil)
    }

    @Test func aRuleWithRepeatedOrEndlessListsIsRefused() {
        let days = Array(repeating: "MO", count: 20_000).joined(separator: ",")
        #expect(throws: RecurrenceRule.Invalid.self) { try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=\(days)") }
        #expect(throws: RecurrenceRule.Invalid(part: "BYDAY", message: "names \"mo\" twice")) {
            try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,mo")
        }
        #expect(throws: RecurrenceRule.Invalid(part: "BYSETPOS", message: "names \"1\" twice")) {
            try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1,1")
        }
        let positions = (1...366).map(String.init).joined(separator: ",")
        #expect(throws: RecurrenceRule.Invalid(part: "RRULE", message: "may be at most 1024 characters")) {
            try RecurrenceRule(parsing: "FREQ=YEARLY;BYDAY=MO;BYSETPOS=\(positions)")
        }
        // Every weekday with every ordinal a year has fits its natural domain and is fine.
        #expect((try? RecurrenceRule(parsing: "FREQ=YEARLY;BYDAY=1MO,-1MO,20TU,53WE")) != nil)
    }
}
