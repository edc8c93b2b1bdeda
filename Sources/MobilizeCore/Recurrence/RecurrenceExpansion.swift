import Foundation

extension RecurrenceRule {
    /// The occurrences of the rule for an event starting at `start` (wall-clock time in `zone`),
    /// in order, up to and including `through`. Expansion happens on the wall clock, so an 08:00
    /// activity stays at 08:00 across daylight-saving changes; each occurrence is then an instant
    /// by `LocalDateTime.instant(in:)`. As in RFC 5545 and python-dateutil, invalid dates (the 31st
    /// of a short month, 29 February in other years) are skipped, not moved, and `start` is an
    /// occurrence only when it matches the rule.
    public func occurrences(from start: LocalDateTime, in zone: TimeZone, through end: LocalDateTime) -> [LocalDateTime]
    {
        var result: [LocalDateTime] = []
        var produced = 0
        var period = 0
        while true {
            guard let (first, dates) = candidates(period: period, start: start.date) else { break }
            if first > end.date { break }
            for date in dates {
                let time = LocalDateTime(date: date, hour: start.hour, minute: start.minute)
                if time < start { continue }
                if case .local(let limit)? = until, time > limit { return result }
                if case .utc(let limit)? = until, time.instant(in: zone) > limit { return result }
                if time > end { return result }
                result.append(time)
                produced += 1
                if let count, produced >= count { return result }
            }
            period += 1
        }
        return result
    }

    /// The first day of period number `index` (counted in intervals from the start's period), and
    /// the dates of the rule in it, sorted, after BYSETPOS. Nil past the year 9999.
    func candidates(period index: Int, start: LocalDate) -> (LocalDate, [LocalDate])? {
        var dates: [LocalDate]
        let first: LocalDate
        switch frequency {
        case .daily:
            first = start.adding(days: index * interval)
            guard first.year <= 9999 else { return nil }
            dates = [first].filter { matchesMonth($0) && matchesMonthDay($0) && matchesWeekday($0) }
        case .weekly:
            let weekStartDate = start.adding(days: -((start.weekday - weekStart + 7) % 7))
            first = weekStartDate.adding(days: 7 * index * interval)
            guard first.year <= 9999 else { return nil }
            let weekdays = byDay.isEmpty ? [start.weekday] : byDay.map(\.weekday)
            dates = (0..<7).map { first.adding(days: $0) }.filter { weekdays.contains($0.weekday) && matchesMonth($0) }
        case .monthly:
            let months = start.year * 12 + start.month - 1 + index * interval
            let year = months / 12
            let month = months % 12 + 1
            guard year <= 9999 else { return nil }
            first = LocalDate(year: year, month: month, day: 1)
            dates = byMonth.isEmpty || byMonth.contains(month) ? daysInMonth(year, month, start: start) : []
        case .yearly:
            let year = start.year + index * interval
            guard year <= 9999 else { return nil }
            first = LocalDate(year: year, month: 1, day: 1)
            dates = daysInYear(year, start: start)
        }
        dates = Array(Set(dates)).sorted()
        if !bySetPos.isEmpty {
            let count = dates.count
            dates = Array(
                Set(
                    bySetPos.compactMap { position -> LocalDate? in
                        let at = position > 0 ? position - 1 : count + position
                        return (0..<count).contains(at) ? dates[at] : nil
                    }
                )
            ).sorted()
        }
        return (first, dates)
    }

    private func matchesMonth(_ date: LocalDate) -> Bool { byMonth.isEmpty || byMonth.contains(date.month) }

    private func matchesWeekday(_ date: LocalDate) -> Bool {
        byDay.isEmpty || byDay.contains { $0.weekday == date.weekday }
    }

    private func matchesMonthDay(_ date: LocalDate) -> Bool {
        guard !byMonthDay.isEmpty else { return true }
        let length = LocalDate.days(inMonth: date.month, of: date.year)
        return byMonthDay.contains { ($0 > 0 ? $0 : length + 1 + $0) == date.day }
    }

    /// The days of one month: by month day, by weekday (ordinals within the month), both (the
    /// weekdays limit the month days), or the start's day.
    private func daysInMonth(_ year: Int, _ month: Int, start: LocalDate) -> [LocalDate] {
        let length = LocalDate.days(inMonth: month, of: year)
        let all = (1...length).map { LocalDate(year: year, month: month, day: $0) }
        if byMonthDay.isEmpty && byDay.isEmpty {
            return start.day <= length ? [LocalDate(year: year, month: month, day: start.day)] : []
        }
        var days = byMonthDay.isEmpty ? all : all.filter(matchesMonthDay)
        if !byDay.isEmpty {
            let chosen = Set(weekdays(in: all))
            days = days.filter(chosen.contains)
        }
        return days
    }

    /// The days of one year, by the RFC 5545 table for FREQ=YEARLY.
    private func daysInYear(_ year: Int, start: LocalDate) -> [LocalDate] {
        let months = byMonth.isEmpty ? nil : byMonth
        if byMonthDay.isEmpty && byDay.isEmpty {
            return (months ?? [start.month]).compactMap { month in
                let date = LocalDate(year: year, month: month, day: start.day)
                return date.isValid ? date : nil
            }
        }
        if !byDay.isEmpty, byMonthDay.isEmpty || months != nil {
            // Weekdays within each month of BYMONTH, or within the whole year.
            var days: [LocalDate] = []
            if let months {
                for month in months {
                    let all = (1...LocalDate.days(inMonth: month, of: year)).map {
                        LocalDate(year: year, month: month, day: $0)
                    }
                    days += weekdays(in: all)
                }
            } else {
                let all = (0..<LocalDate.days(inYear: year)).map {
                    LocalDate(year: year, month: 1, day: 1).adding(days: $0)
                }
                days = weekdays(in: all)
            }
            return byMonthDay.isEmpty ? days : days.filter(matchesMonthDay)
        }
        // Month days, in BYMONTH's months or in every month; weekdays limit them.
        var days: [LocalDate] = []
        for month in months ?? Array(1...12) {
            let all = (1...LocalDate.days(inMonth: month, of: year)).map {
                LocalDate(year: year, month: month, day: $0)
            }
            days += all.filter(matchesMonthDay)
        }
        return byDay.isEmpty ? days : days.filter(matchesWeekday)
    }

    /// The days of `span` (a month or a year, in order) that BYDAY picks: every such weekday, or
    /// the n-th (from the end when negative).
    private func weekdays(in span: [LocalDate]) -> [LocalDate] {
        var chosen: [LocalDate] = []
        for entry in byDay {
            let matching = span.filter { $0.weekday == entry.weekday }
            if let ordinal = entry.ordinal {
                let at = ordinal > 0 ? ordinal - 1 : matching.count + ordinal
                if (0..<matching.count).contains(at) { chosen.append(matching[at]) }
            } else {
                chosen += matching
            }
        }
        return chosen
    }
}
