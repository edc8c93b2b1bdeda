import Foundation
import Testing

@testable import MobilizeCore

@Suite struct RecurrenceRuleTests {
    let zone = TimeZone(identifier: "Europe/Copenhagen")!

    func expand(_ rule: String, from start: String, through end: String) throws -> [String] {
        try RecurrenceRule(parsing: rule).occurrences(
            from: LocalDateTime(iso: start)!,
            in: zone,
            through: LocalDateTime(iso: end)!
        ).map(\.description)
    }

    @Test func examplesFromRFC5545() throws {
        // Every other week on Tuesday and Thursday, 4 times.
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,TH",
                from: "2026-09-01T09:00",
                through: "2027-01-01T00:00"
            )
                == ["2026-09-01T09:00", "2026-09-03T09:00", "2026-09-15T09:00", "2026-09-17T09:00"]
        )
        // The last weekday of the month.
        #expect(
            try expand(
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
                from: "2026-01-01T08:00",
                through: "2027-01-01T00:00"
            )
                == ["2026-01-30T08:00", "2026-02-27T08:00", "2026-03-31T08:00"]
        )
        // The second Tuesday and the last Friday of each month.
        #expect(
            try expand("FREQ=MONTHLY;BYDAY=2TU,-1FR;COUNT=4", from: "2026-01-01T15:00", through: "2027-01-01T00:00")
                == ["2026-01-13T15:00", "2026-01-30T15:00", "2026-02-10T15:00", "2026-02-27T15:00"]
        )
        // Every Tuesday and the last Sunday: BYDAY with and without ordinals together means both.
        #expect(
            try expand("FREQ=MONTHLY;BYDAY=TU,-1SU;COUNT=6", from: "2026-03-01T12:00", through: "2027-01-01T00:00")
                == [
                    "2026-03-03T12:00", "2026-03-10T12:00", "2026-03-17T12:00", "2026-03-24T12:00", "2026-03-29T12:00",
                    "2026-03-31T12:00",
                ]
        )
        // The 31st is skipped in shorter months, the last day (-1) never is.
        #expect(
            try expand("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", from: "2026-01-31T10:00", through: "2027-01-01T00:00")
                == ["2026-01-31T10:00", "2026-03-31T10:00", "2026-05-31T10:00"]
        )
        #expect(
            try expand("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", from: "2026-01-31T10:00", through: "2027-01-01T00:00")
                == ["2026-01-31T10:00", "2026-02-28T10:00", "2026-03-31T10:00"]
        )
        // Birthdays on 29 February come in leap years.
        #expect(
            try expand("FREQ=YEARLY;COUNT=2", from: "2028-02-29T07:00", through: "2040-01-01T00:00")
                == ["2028-02-29T07:00", "2032-02-29T07:00"]
        )
    }

    @Test func anActivityKeepsItsWallClockTimeAcrossDaylightSaving() throws {
        let days = try RecurrenceRule(parsing: "FREQ=DAILY").occurrences(
            from: LocalDateTime(iso: "2026-03-28T08:00")!,
            in: zone,
            through: LocalDateTime(iso: "2026-03-30T23:00")!
        )
        #expect(days.map(\.description) == ["2026-03-28T08:00", "2026-03-29T08:00", "2026-03-30T08:00"])
        // 08:00 is 07:00Z in winter and 06:00Z in summer.
        let utc = days.map { Int($0.instant(in: zone).timeIntervalSince1970) % 86_400 / 3600 }
        #expect(utc == [7, 6, 6])
    }

    @Test func timesInTheGapMoveForwardAndDoubledTimesAreTheFirst() {
        let gap = LocalDateTime(iso: "2026-03-29T02:30")!.instant(in: zone)
        #expect(LocalDateTime(instant: gap, in: zone).description == "2026-03-29T03:30")
        let doubled = LocalDateTime(iso: "2026-10-25T02:30")!.instant(in: zone)
        #expect(doubled == Date(timeIntervalSince1970: 1_792_888_200))  // 00:30Z, summer time
        #expect(LocalDate(iso: "2026-02-30") == nil && LocalDateTime(iso: "2026-01-01T24:00") == nil)
    }

    @Test(arguments: [
        ("", "FREQ"), ("FREQ=HOURLY", "FREQ"), ("FREQ=DAILY;INTERVAL=0", "INTERVAL"), ("FREQ=DAILY;COUNT=x", "COUNT"),
        ("FREQ=DAILY;UNTIL=2026-12-31", "UNTIL"), ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"), ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "BYDAY"), ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS"), ("FREQ=DAILY;BYHOUR=8", "BYHOUR"), ("FREQ=DAILY;WKST=XX", "WKST"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20261231T000000Z", "COUNT"), ("FREQ=DAILY;FREQ=WEEKLY", "FREQ"),
        ("FREQ=DAILY;NONSENSE=1", "NONSENSE"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY"), ("FREQ", "FREQ"),
    ])
    func aBadRuleNamesThePartThatIsWrong(rule: String, part: String) {
        #expect(throws: RecurrenceRule.Invalid.self) { try RecurrenceRule(parsing: rule) }
        do {
            _ = try RecurrenceRule(parsing: rule)
        } catch {
            #expect(error.part == part, "\(rule): \(error)")
        }
    }

    @Test func expandingAYearOfAThousandActivitiesIsQuick() throws {
        // Correctness here; the timing is printed by scripts/bench-plan.sh.
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
        let all = (0..<1000).flatMap { _ in
            rule.occurrences(
                from: LocalDateTime(iso: "2026-01-01T08:00")!,
                in: zone,
                through: LocalDateTime(iso: "2026-12-31T23:59")!
            )
        }
        #expect(all.count == 1000 * 261)
    }
}
