import Foundation

/// Reminders: a prompt at a set number of minutes before an occurrence starts, and one as it
/// starts. Gentle by design: quiet hours, a cap per hour, sound and speech each on or off; a
/// reminder that can no longer help (its occurrence has ended) is dropped, never delivered late.
public enum ReminderRules {
    /// How far ahead reminders are written down (and so survive a restart): each activity's are
    /// written again when fewer than `refillAhead` remain.
    public static let horizon: TimeInterval = 36 * 3600
    public static let refillAhead: TimeInterval = 24 * 3600
    /// Reminders one user may be given in one clock hour, and the default.
    public static let perHour = 1...30
    public static let defaultPerHour = 6
    /// How long a reminder is kept after it was due (what was delivered or dropped, and why).
    public static let kept: TimeInterval = 30 * 86_400

    /// Why a reminder was not delivered: kept with it, and told in the person's export.
    public enum Dropped: String, Sendable, CaseIterable {
        /// Its occurrence ended before it could be delivered (the server was down meanwhile).
        case ended
        /// The activity was moved, deleted, or the occurrence cancelled or already done.
        case changed
        /// The person's quiet hours.
        case quiet
        /// The person had been reminded as many times as they wanted this hour.
        case tooMany
        /// The start prompt is off for this person.
        case startOff
        /// The account is blocked or being erased.
        case blocked
        /// An escalation whose occurrence was marked done in time: nobody needs telling.
        case confirmed
        /// An escalation whose chosen planners have all left the circle (or are blocked).
        case nobodyToTell
    }

    /// Confirmation, for an activity that matters (medicine): the person marks the occurrence
    /// done, and if it is not done `within` minutes after it starts, the planners chosen for it
    /// are told once. Written down beside the reminders, as a negative offset (minutes after the
    /// start), and fired by the same firing.
    public enum Confirmation {
        /// Minutes after the start that the person has to mark it done.
        public static let within = 5...240
        /// The people one activity may tell.
        public static let tellAtMost = 10
        /// How long after it falls due telling still helps (the server was down meanwhile).
        public static let stillUseful: TimeInterval = 4 * 3600

        /// The offset its escalation is written down with.
        public static func offset(within minutes: Int) -> Int { -minutes }

        public static func isEscalation(offset: Int) -> Bool { offset < 0 }
    }

    /// Times of day (minutes after midnight, local) without reminders; `from` after `until` spans
    /// midnight (21:00 to 07:00).
    public struct QuietHours: Sendable, Equatable {
        public let from: Int
        public let until: Int

        public init?(from: String, until: String) {
            guard let from = Self.minutes(from), let until = Self.minutes(until), from != until else { return nil }
            (self.from, self.until) = (from, until)
        }

        public func contains(minuteOfDay minute: Int) -> Bool {
            from < until ? (from <= minute && minute < until) : (minute >= from || minute < until)
        }

        public func contains(_ instant: Date, in zone: TimeZone) -> Bool {
            let local = LocalDateTime(instant: instant, in: zone)
            return contains(minuteOfDay: local.hour * 60 + local.minute)
        }

        /// `HH:MM`, 00:00 through 23:59.
        public static func minutes(_ text: String) -> Int? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
                let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            return hour * 60 + minute
        }

        public static func text(_ minutes: Int) -> String {
            String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }

        public var fromText: String { Self.text(from) }
        public var untilText: String { Self.text(until) }
    }

    /// One reminder to write down: which occurrence, how many minutes before it, when it is due,
    /// and when it stops being useful (the occurrence's end; for an escalation, a while after it
    /// falls due).
    public struct Fire: Sendable, Equatable {
        public let occurrenceStart: LocalDateTime
        public let offsetMinutes: Int
        public let due: Date
        public let ends: Date
    }

    /// The offsets of an activity: its own, the start itself (0) unless it lasts all day, and its
    /// escalation (minutes after the start, negative) when it asks to be confirmed.
    public static func offsets(_ reminders: [Int], allDay: Bool, confirmWithin: Int? = nil) -> [Int] {
        let escalation = allDay ? [] : confirmWithin.map { [Confirmation.offset(within: $0)] } ?? []
        return Array(Set(reminders + (allDay ? [] : [0]) + escalation)).sorted()
    }

    /// The local window of occurrences whose reminders may fall due in `after ..< through`.
    public static func occurrenceWindow(after: Date, through: Date, offsets: [Int], in zone: TimeZone)
        -> (lower: LocalDateTime, upper: LocalDateTime)
    {
        // A day either side covers any zone's offset change; the largest offset reaches forward.
        let lower = LocalDateTime(instant: after, in: zone).adding(minutes: -1440)
        let upper = LocalDateTime(instant: through, in: zone).adding(minutes: (offsets.max() ?? 0) + 1440)
        return (lower, upper)
    }

    /// The reminders of these occurrence starts that fall due after `after`, through `through`.
    public static func fires(
        of starts: [LocalDateTime],
        offsets: [Int],
        durationMinutes: Int,
        allDay: Bool,
        in zone: TimeZone,
        after: Date,
        through: Date
    ) -> [Fire] {
        starts.flatMap { start -> [Fire] in
            let begins = start.instant(in: zone)
            let ends: Date =
                allDay
                ? start.adding(minutes: 1440 * max(1, (durationMinutes + 1439) / 1440)).instant(in: zone)
                : begins.addingTimeInterval(TimeInterval(max(1, durationMinutes) * 60))
            return offsets.compactMap { offset in
                let due = begins.addingTimeInterval(TimeInterval(-offset * 60))
                guard due > after, due <= through else { return nil }
                let useful = Confirmation.isEscalation(offset: offset) ? due.addingTimeInterval(Confirmation.stillUseful) : ends
                return Fire(occurrenceStart: start, offsetMinutes: offset, due: due, ends: useful)
            }
        }
    }
}
