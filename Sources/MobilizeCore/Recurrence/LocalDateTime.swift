import Foundation

/// A calendar date with no time zone, proleptic Gregorian ("2026-12-01").
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, or nil when it is no real date.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }

    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && (1...Self.days(inMonth: month, of: year)).contains(day)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func days(inYear year: Int) -> Int { isLeap(year) ? 366 : 365 }

    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// 0 = Monday ... 6 = Sunday.
    public var weekday: Int { ((dayNumber + 3) % 7 + 7) % 7 }

    /// 1-based day of the year.
    public var dayOfYear: Int { dayNumber - LocalDate(year: year, month: 1, day: 1).dayNumber + 1 }
}

/// A wall-clock time on a date, with no time zone ("2026-12-01T07:30"), to the minute.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    public var hour: Int
    public var minute: Int

    public init(date: LocalDate, hour: Int, minute: Int) {
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// `YYYY-MM-DDTHH:MM`, or nil when it is no real date and time.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = LocalDate(iso: parts[0]) else { return nil }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2, time[0].count == 2, time[1].count == 2, let hour = Int(time[0]),
            let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.init(date: date, hour: hour, minute: minute)
    }

    public var description: String { date.description + String(format: "T%02d:%02d", hour, minute) }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.minutes < b.minutes }

    /// Minutes since 1970-01-01T00:00 on the wall clock.
    public var minutes: Int { date.dayNumber * 1440 + hour * 60 + minute }

    public init(minutes: Int) {
        let days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let rest = minutes - days * 1440
        self.init(date: LocalDate(dayNumber: days), hour: rest / 60, minute: rest % 60)
    }

    public func adding(minutes: Int) -> LocalDateTime { LocalDateTime(minutes: self.minutes + minutes) }

    /// The instant this wall-clock time names in `zone`, as RFC 5545 reads it: a time that occurs
    /// twice (autumn) is the first of the two; a time that does not exist (the spring-forward gap)
    /// is read with the offset before the gap, so 02:30 becomes 03:30.
    public func instant(in zone: TimeZone) -> Date {
        let wall = TimeInterval(minutes * 60)
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400))
        let candidates = Set([before, after]).map { offset in Date(timeIntervalSince1970: wall - TimeInterval(offset)) }
            .filter { TimeInterval(zone.secondsFromGMT(for: $0)) == wall - $0.timeIntervalSince1970 }
        return candidates.min() ?? Date(timeIntervalSince1970: wall - TimeInterval(before))
    }

    /// The wall-clock time of an instant in `zone`.
    public init(instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        self.init(minutes: seconds >= 0 ? seconds / 60 : (seconds - 59) / 60)
    }
}
