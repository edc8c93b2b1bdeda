import Foundation

/// An RFC 5545 recurrence rule (the value of RRULE, without "RRULE:"), of the parts a plan needs:
/// FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY (with ordinals such as
/// 2TU or -1FR), BYMONTHDAY (negative too), BYMONTH, BYSETPOS and WKST.
public struct RecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    public enum Frequency: String, Sendable, CaseIterable {
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// A weekday (0 = Monday) with an optional ordinal (2 = second, -1 = last).
    public struct WeekdayNumber: Hashable, Sendable {
        public var ordinal: Int?
        public var weekday: Int

        public init(_ weekday: Int, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// When the rule ends: after a local date-time, or at a UTC instant (`Z`).
    public enum Until: Hashable, Sendable {
        case local(LocalDateTime)
        case utc(Date)
    }

    /// A malformed or unsupported rule, naming the part that is wrong.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var part: String
        public var message: String
        public var description: String { "\(part) \(message)" }
    }

    public static let weekdayNames = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    public var until: Until?
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    public var weekStart = 0

    public init(frequency: Frequency) {
        self.frequency = frequency
    }

    /// The longest rule text accepted, in characters: far more than any real rule needs.
    public static let maxLength = 1024

    /// Parses a rule. Each list holds distinct values from its natural domain (BYMONTH at most the
    /// 12 months, BYDAY at most each weekday once per ordinal), and the text is at most
    /// `maxLength` bytes, so no rule can make a request work for long.
    public init(parsing text: String) throws(Invalid) {
        guard text.unicodeScalars.count <= Self.maxLength else {
            throw Invalid(part: "RRULE", message: "may be at most \(Self.maxLength) characters")
        }
        var parts: [String: String] = [:]
        for piece in text.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty else {
                throw Invalid(part: String(piece), message: "is not NAME=VALUE")
            }
            let name = pair[0].uppercased()
            guard parts[name] == nil else { throw Invalid(part: name, message: "is given twice") }
            parts[name] = String(pair[1])
        }
        guard let freq = parts.removeValue(forKey: "FREQ") else { throw Invalid(part: "FREQ", message: "is required") }
        guard let frequency = Frequency(rawValue: freq.uppercased()) else {
            throw Invalid(part: "FREQ", message: "must be DAILY, WEEKLY, MONTHLY or YEARLY")
        }
        self.init(frequency: frequency)
        for (name, value) in parts {
            switch name {
            case "INTERVAL":
                guard let n = Int(value), (1...1000).contains(n) else {
                    throw Invalid(part: name, message: "must be a whole number from 1 to 1000")
                }
                interval = n
            case "COUNT":
                guard let n = Int(value), (1...10_000).contains(n) else {
                    throw Invalid(part: name, message: "must be a whole number from 1 to 10000")
                }
                count = n
            case "UNTIL":
                guard let until = Self.until(value) else {
                    throw Invalid(part: name, message: "must be a date-time such as 20261231T230000Z")
                }
                self.until = until
            case "BYDAY":
                byDay = try Self.list(value, name) { item in
                    guard item.count >= 2,
                        let weekday = Self.weekdayNames.firstIndex(of: String(item.suffix(2)).uppercased())
                    else { return nil }
                    let number = item.dropLast(2)
                    if number.isEmpty { return WeekdayNumber(weekday) }
                    guard let ordinal = Int(number), ordinal != 0, (-53...53).contains(ordinal) else { return nil }
                    return WeekdayNumber(weekday, ordinal: ordinal)
                }
            case "BYMONTHDAY":
                byMonthDay = try Self.list(value, name) {
                    Int($0).flatMap { $0 != 0 && (-31...31).contains($0) ? $0 : nil }
                }
            case "BYMONTH":
                byMonth = try Self.list(value, name) { Int($0).flatMap { (1...12).contains($0) ? $0 : nil } }
            case "BYSETPOS":
                bySetPos = try Self.list(value, name) {
                    Int($0).flatMap { $0 != 0 && (-366...366).contains($0) ? $0 : nil }
                }
            case "WKST":
                guard let day = Self.weekdayNames.firstIndex(of: value.uppercased()) else {
                    throw Invalid(part: name, message: "must be one of MO, TU, WE, TH, FR, SA, SU")
                }
                weekStart = day
            case "BYHOUR", "BYMINUTE", "BYSECOND", "BYWEEKNO", "BYYEARDAY":
                throw Invalid(part: name, message: "is not supported: a plan repeats at the activity's own time")
            default:
                throw Invalid(part: name, message: "is not a part of a recurrence rule")
            }
        }
        if count != nil, until != nil { throw Invalid(part: "COUNT", message: "and UNTIL cannot both be given") }
        if byDay.contains(where: { $0.ordinal != nil }) {
            guard frequency == .monthly || frequency == .yearly else {
                throw Invalid(part: "BYDAY", message: "may have ordinals (2TU, -1FR) only with FREQ=MONTHLY or YEARLY")
            }
            if frequency == .monthly, byDay.contains(where: { abs($0.ordinal ?? 0) > 5 }) {
                throw Invalid(part: "BYDAY", message: "ordinals are from -5 to 5 within a month")
            }
        }
        if frequency == .weekly, !byMonthDay.isEmpty {
            throw Invalid(part: "BYMONTHDAY", message: "cannot be used with FREQ=WEEKLY")
        }
        if !bySetPos.isEmpty, byDay.isEmpty, byMonthDay.isEmpty, byMonth.isEmpty {
            throw Invalid(part: "BYSETPOS", message: "needs another BY part to choose from")
        }
    }

    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        switch until {
        case .local(let time)?:
            parts.append(
                String(
                    format: "UNTIL=%04d%02d%02dT%02d%02d00",
                    time.date.year,
                    time.date.month,
                    time.date.day,
                    time.hour,
                    time.minute
                )
            )
        case .utc(let instant)?:
            let utc = LocalDateTime(instant: instant, in: TimeZone(identifier: "UTC")!)
            parts.append(
                String(
                    format: "UNTIL=%04d%02d%02dT%02d%02d00Z",
                    utc.date.year,
                    utc.date.month,
                    utc.date.day,
                    utc.hour,
                    utc.minute
                )
            )
        case nil: break
        }
        if !byDay.isEmpty {
            parts.append(
                "BYDAY="
                    + byDay.map { ($0.ordinal.map(String.init) ?? "") + Self.weekdayNames[$0.weekday] }.joined(
                        separator: ","
                    )
            )
        }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + byMonth.map(String.init).joined(separator: ",")) }
        if !bySetPos.isEmpty { parts.append("BYSETPOS=" + bySetPos.map(String.init).joined(separator: ",")) }
        if weekStart != 0 { parts.append("WKST=" + Self.weekdayNames[weekStart]) }
        return parts.joined(separator: ";")
    }

    private static func list<T: Hashable>(_ value: String, _ name: String, _ parse: (Substring) -> T?) throws(Invalid)
        -> [T]
    {
        var items: [T] = []
        var seen: Set<T> = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let parsed = parse(item) else {
                throw Invalid(part: name, message: "has an invalid value \"\(item)\"")
            }
            guard seen.insert(parsed).inserted else {
                throw Invalid(part: name, message: "names \"\(item)\" twice")
            }
            items.append(parsed)
        }
        guard !items.isEmpty else { throw Invalid(part: name, message: "is empty") }
        return items
    }

    /// `YYYYMMDDTHHMMSS[Z]` or `YYYYMMDD` (the end of that day).
    private static func until(_ value: String) -> Until? {
        let utc = value.hasSuffix("Z")
        let digits = utc ? String(value.dropLast()) : value
        let scalars = Array(digits)
        func number(_ range: Range<Int>) -> Int? { Int(String(scalars[range])) }
        if scalars.count == 8, let y = number(0..<4), let m = number(4..<6), let d = number(6..<8), !utc {
            let date = LocalDate(year: y, month: m, day: d)
            return date.isValid ? .local(LocalDateTime(date: date, hour: 23, minute: 59)) : nil
        }
        guard scalars.count == 15, scalars[8] == "T", let y = number(0..<4), let m = number(4..<6),
            let d = number(6..<8), let h = number(9..<11), let mi = number(11..<13), let s = number(13..<15),
            (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        let date = LocalDate(year: y, month: m, day: d)
        guard date.isValid else { return nil }
        let time = LocalDateTime(date: date, hour: h, minute: mi)
        return utc ? .utc(Date(timeIntervalSince1970: TimeInterval(time.minutes * 60 + s))) : .local(time)
    }
}
