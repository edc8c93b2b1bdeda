import Foundation

extension RecurrenceRule {
    /// Where a series ends: the start of its last occurrence for a rule with COUNT, the UNTIL bound
    /// for one with UNTIL (no occurrence starts after it), never for an endless rule; or it has no
    /// occurrence at all.
    public enum SeriesEnd: Hashable, Sendable {
        case never
        case notAfter(LocalDateTime)
        case noOccurrence
    }

    /// The occurrences of the rule for an event starting at `start` (wall-clock time in `zone`),
    /// in order, up to and including `through`, with no bound on the work: for rules and ranges
    /// the caller made itself. Requests use `occurrences(from:in:between:and:end:budget:)`.
    public func occurrences(from start: LocalDateTime, in zone: TimeZone, through end: LocalDateTime) -> [LocalDateTime]
    {
        var budget = ExpansionBudget.unlimited
        return (try? walk(from: start, in: zone, lower: start, upper: end, limit: count, budget: &budget)) ?? []
    }

    /// The occurrences that start from `lower` through `upper`, in order. Expansion happens on the
    /// wall clock, so an 08:00 activity stays at 08:00 across daylight-saving changes; each
    /// occurrence is then an instant by `LocalDateTime.instant(in:)`. As in RFC 5545 and
    /// python-dateutil, invalid dates (the 31st of a short month, 29 February in other years) are
    /// skipped, not moved, and `start` is an occurrence only when it matches the rule.
    ///
    /// The walk starts at the period that holds `lower`, not at `start`: a daily rule from 1970 read
    /// for this week looks at this week. A rule with COUNT needs its last occurrence for that, which
    /// `end` brings when the caller has it kept (see `end(from:in:budget:)`); without it, it is
    /// counted here first.
    public func occurrences(
        from start: LocalDateTime,
        in zone: TimeZone,
        between lower: LocalDateTime,
        and upper: LocalDateTime,
        end: SeriesEnd? = nil,
        budget: inout ExpansionBudget
    ) throws(ExpansionBudget.Exceeded) -> [LocalDateTime] {
        guard upper >= lower, upper >= start else { return [] }
        var bounded = self
        if count != nil {
            let seriesEnd: SeriesEnd
            if let end { seriesEnd = end } else { seriesEnd = try self.end(from: start, in: zone, budget: &budget) }
            switch seriesEnd {
            case .noOccurrence: return []
            case .notAfter(let last):
                // The first COUNT occurrences are exactly those up to the COUNT-th.
                bounded.count = nil
                bounded.until = .local(last)
            case .never: break
            }
        }
        return try bounded.walk(from: start, in: zone, lower: max(lower, start), upper: upper, limit: nil, budget: &budget)
    }

    /// Where the series from `start` ends. For COUNT its occurrences are counted, within `budget`.
    public func end(from start: LocalDateTime, in zone: TimeZone, budget: inout ExpansionBudget) throws(
        ExpansionBudget.Exceeded
    ) -> SeriesEnd {
        if let count {
            let all = try walk(
                from: start,
                in: zone,
                lower: start,
                upper: LocalDateTime(date: LocalDate(year: 9999, month: 12, day: 31), hour: 23, minute: 59),
                limit: count,
                budget: &budget
            )
            return all.last.map(SeriesEnd.notAfter) ?? .noOccurrence
        }
        switch until {
        case .local(let limit)?: return limit < start ? .noOccurrence : .notAfter(limit)
        case .utc(let limit)?:
            let local = LocalDateTime(instant: limit, in: zone)
            return local < start ? .noOccurrence : .notAfter(local)
        case nil: return .never
        }
    }

    /// The first occurrence from `start`, or nil when there is none before the year 10000.
    public func first(from start: LocalDateTime, in zone: TimeZone, budget: inout ExpansionBudget) throws(
        ExpansionBudget.Exceeded
    ) -> LocalDateTime? {
        var one = self
        one.count = 1
        let upper = LocalDateTime(date: LocalDate(year: 9999, month: 12, day: 31), hour: 23, minute: 59)
        return try one.walk(from: start, in: zone, lower: start, upper: upper, limit: 1, budget: &budget).first
    }

    /// How many occurrences start before `moment` (COUNT counts them, before any EXDATE).
    public func count(from start: LocalDateTime, in zone: TimeZone, before moment: LocalDateTime, budget: inout ExpansionBudget)
        throws(ExpansionBudget.Exceeded) -> Int
    {
        guard moment > start else { return 0 }
        return try walk(from: start, in: zone, lower: start, upper: moment.adding(minutes: -1), limit: count, budget: &budget)
            .count
    }

    /// Walks the periods from the one holding `lower` through `upper`, each period and each of its
    /// candidate dates costing a unit of `budget`. `limit` counts from the start (COUNT), and is
    /// only given when `lower` is the start.
    private func walk(
        from start: LocalDateTime,
        in zone: TimeZone,
        lower: LocalDateTime,
        upper: LocalDateTime,
        limit: Int?,
        budget: inout ExpansionBudget
    ) throws(ExpansionBudget.Exceeded) -> [LocalDateTime] {
        var result: [LocalDateTime] = []
        var period = max(0, periodIndex(holding: lower.date, start: start.date) - 1)
        while true {
            try budget.spend(1)
            guard let (first, dates) = candidates(period: period, start: start.date) else { break }
            if first > upper.date { break }
            try budget.spend(dates.count)
            for date in dates {
                let time = LocalDateTime(date: date, hour: start.hour, minute: start.minute)
                if time < start || time < lower { continue }
                if case .local(let limit)? = until, time > limit { return result }
                if case .utc(let limit)? = until, time.instant(in: zone) > limit { return result }
                if time > upper { return result }
                result.append(time)
                if let limit, result.count >= limit { return result }
            }
            period += 1
        }
        return result
    }

    /// The number of the period (counted in intervals from the start's period) whose days include
    /// `date`: periods never overlap, so the walk can begin there.
    func periodIndex(holding date: LocalDate, start: LocalDate) -> Int {
        guard date > start else { return 0 }
        switch frequency {
        case .daily:
            return (date.dayNumber - start.dayNumber) / interval
        case .weekly:
            let weekStartDate = start.adding(days: -((start.weekday - weekStart + 7) % 7))
            return (date.dayNumber - weekStartDate.dayNumber) / (7 * interval)
        case .monthly:
            return ((date.year * 12 + date.month) - (start.year * 12 + start.month)) / interval
        case .yearly:
            return (date.year - start.year) / interval
        }
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
        if dates.count > 1 { dates = Array(Set(dates)).sorted() }
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
