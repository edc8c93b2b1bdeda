import Foundation

/// Writes RFC 5545 calendars: content lines escaped and folded at 75 octets, events on the wall
/// clock of their zone (`DTSTART;TZID=…`) with the zone's VTIMEZONE, series with RRULE and EXDATE,
/// changed occurrences with RECURRENCE-ID, reminders as VALARM.
public struct ICalendar: Sendable {
    public struct Event: Sendable {
        public var uid: String
        public var start: LocalDateTime
        public var durationMinutes: Int
        public var allDay: Bool
        /// The IANA zone of `start` (ignored for an all-day event, whose dates float).
        public var zone: TimeZone
        public var summary: String
        public var description: String?
        public var location: String?
        public var rule: RecurrenceRule?
        /// Starts left out of the rule (EXDATE).
        public var exceptions: [LocalDateTime] = []
        /// For an occurrence changed alone: the start of the series' occurrence it replaces.
        public var recurrenceID: LocalDateTime?
        public var cancelled = false
        public var isPrivate = false
        /// Minutes before the start.
        public var alarms: [Int] = []
        public var created: Date
        public var modified: Date

        public init(
            uid: String,
            start: LocalDateTime,
            durationMinutes: Int,
            allDay: Bool,
            zone: TimeZone,
            summary: String,
            created: Date,
            modified: Date
        ) {
            self.uid = uid
            self.start = start
            self.durationMinutes = durationMinutes
            self.allDay = allDay
            self.zone = zone
            self.summary = summary
            self.created = created
            self.modified = modified
        }
    }

    public var name: String
    /// The zone the calendar is shown in (X-WR-TIMEZONE).
    public var zone: TimeZone
    public var events: [Event]
    /// DTSTAMP of every event: when the feed was made.
    public var stamp: Date

    public init(name: String, zone: TimeZone, events: [Event], stamp: Date) {
        self.name = name
        self.zone = zone
        self.events = events
        self.stamp = stamp
    }

    /// The calendar as text, CRLF line ends, lines folded.
    public func text() -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mobilize//Plan//EN", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:" + zone.identifier,
            "REFRESH-INTERVAL;VALUE=DURATION:PT15M", "X-PUBLISHED-TTL:PT15M",
        ]
        // Each zone once, covering its events from the first a year back to ten years ahead.
        var spans: [String: (zone: TimeZone, from: Date)] = [:]
        for event in events where !event.allDay {
            let first = event.start.instant(in: event.zone)
            let known = spans[event.zone.identifier]?.from ?? first
            spans[event.zone.identifier] = (event.zone, min(known, first))
        }
        for id in spans.keys.sorted() {
            let span = spans[id]!
            lines += Self.timeZone(
                span.zone,
                from: span.from.addingTimeInterval(-366 * 86_400),
                through: max(span.from, stamp).addingTimeInterval(10 * 366 * 86_400)
            )
        }
        for event in events { lines += eventLines(event) }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    private func eventLines(_ event: Event) -> [String] {
        var lines = ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + Self.utc(stamp)]
        lines.append(Self.dateProperty("DTSTART", event.start, event))
        if event.allDay {
            let days = max(1, (event.durationMinutes + 1439) / 1440)
            lines.append("DTEND;VALUE=DATE:" + Self.date(event.start.date.adding(days: days)))
        } else {
            lines.append("DURATION:PT\(max(0, event.durationMinutes))M")
        }
        if let recurrenceID = event.recurrenceID {
            lines.append(Self.dateProperty("RECURRENCE-ID", recurrenceID, event))
        }
        if let rule = event.rule {
            lines.append("RRULE:" + rule.iCalendarValue(in: event.zone, allDay: event.allDay))
            for exception in event.exceptions { lines.append(Self.dateProperty("EXDATE", exception, event)) }
        }
        lines.append("SUMMARY:" + Self.escape(event.summary))
        if let description = event.description, !description.isEmpty {
            lines.append("DESCRIPTION:" + Self.escape(description))
        }
        if let location = event.location, !location.isEmpty { lines.append("LOCATION:" + Self.escape(location)) }
        if event.isPrivate { lines.append("CLASS:PRIVATE") }
        lines.append("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
        lines.append("CREATED:" + Self.utc(event.created))
        lines.append("LAST-MODIFIED:" + Self.utc(event.modified))
        for minutes in event.alarms where !event.cancelled {
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + Self.escape(event.summary),
                "TRIGGER:-PT\(minutes)M", "END:VALARM",
            ]
        }
        lines.append("END:VEVENT")
        return lines
    }

    private static func dateProperty(_ name: String, _ time: LocalDateTime, _ event: Event) -> String {
        event.allDay
            ? "\(name);VALUE=DATE:\(date(time.date))"
            : "\(name);TZID=\(event.zone.identifier):\(local(time))"
    }

    // MARK: Values

    /// TEXT (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default:
                // Other control characters are not allowed in a content line.
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A content line ended by CRLF and folded so that no line is longer than 75 octets, never
    /// inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 70 * 3 + 2)
        var index = 0
        var limit = 75
        while index < bytes.count {
            var end = min(index + limit, bytes.count)
            // Back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end < bytes.count && end > index && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if index > 0 { out += [0x0D, 0x0A, 0x20] }
            out += bytes[index..<end]
            index = end
            limit = 74
        }
        out += [0x0D, 0x0A]
        return String(decoding: out, as: UTF8.self)
    }

    static func date(_ date: LocalDate) -> String {
        String(format: "%04d%02d%02d", date.year, date.month, date.day)
    }

    static func local(_ time: LocalDateTime) -> String {
        date(time.date) + String(format: "T%02d%02d00", time.hour, time.minute)
    }

    static func utc(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let time = LocalDateTime(instant: instant, in: utcZone)
        return date(time.date) + String(format: "T%02d%02d%02dZ", time.hour, time.minute, (seconds % 60 + 60) % 60)
    }

    private static let utcZone = TimeZone(identifier: "UTC")!

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        let text = String(format: "%@%02d%02d", sign, value / 3600, value / 60 % 60)
        return value % 60 == 0 ? text : text + String(format: "%02d", value % 60)
    }

    /// The VTIMEZONE of a zone from `from` to `through`: the offset in force at `from`, then
    /// each change of offset as its own STANDARD or DAYLIGHT onset (its DTSTART on the wall clock
    /// before the change), as the zone database knows them.
    public static func timeZone(_ zone: TimeZone, from: Date, through: Date) -> [String] {
        func component(at instant: Date, local onset: Date, from before: Int, to after: Int) -> [String] {
            let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
            var lines = [
                "BEGIN:\(kind)",
                "DTSTART:" + Self.local(LocalDateTime(instant: onset, in: utcZone)),
                "TZOFFSETFROM:" + offset(before), "TZOFFSETTO:" + offset(after),
            ]
            if let name = zone.abbreviation(for: instant), name.allSatisfy(\.isLetter) {
                lines.append("TZNAME:" + name)
            }
            lines.append("END:\(kind)")
            return lines
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        let initial = zone.secondsFromGMT(for: from)
        // Whole minutes: the onset is written to the minute.
        let start = Date(timeIntervalSince1970: (from.timeIntervalSince1970 / 60).rounded(.down) * 60)
        lines += component(
            at: start,
            local: start.addingTimeInterval(TimeInterval(initial)),
            from: initial,
            to: initial
        )
        var cursor = from
        var previous = initial
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change <= through {
            let after = zone.secondsFromGMT(for: change)
            if after != previous {
                lines += component(
                    at: change,
                    local: change.addingTimeInterval(TimeInterval(previous)),
                    from: previous,
                    to: after
                )
            }
            previous = after
            cursor = change
        }
        lines.append("END:VTIMEZONE")
        return lines
    }
}

extension RecurrenceRule {
    /// The rule as an RRULE value for an event in `zone`: UNTIL in UTC for a timed event (RFC
    /// 5545 wants it so when DTSTART has a TZID), a date for an all-day one.
    public func iCalendarValue(in zone: TimeZone, allDay: Bool) -> String {
        guard let until else { return description }
        var rule = self
        if allDay {
            let date =
                switch until {
                case .local(let time): time.date
                case .utc(let instant): LocalDateTime(instant: instant, in: zone).date
                }
            rule.until = nil
            return rule.description + ";UNTIL=" + ICalendar.date(date)
        }
        if case .local(let time) = until {
            // The last minute of the local limit, so an occurrence at the limit is included.
            rule.until = .utc(time.instant(in: zone))
        }
        return rule.description
    }
}
