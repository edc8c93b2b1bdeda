/// The bounds of what a plan request may ask for: the dates a plan has, how many days one read
/// covers, how far apart the dates of one copy may lie, and how many occurrences one answer holds.
public enum PlanWindow {
    public static let firstDay = LocalDate(year: 1970, month: 1, day: 1)
    public static let lastDay = LocalDate(year: 2200, month: 12, day: 31)
    /// Days in one plan read.
    public static let maxReadDays = 62
    /// From the first to the last day a copy or routine places anything on.
    public static let maxPlacementSpanDays = 366
    /// Occurrences in one answer: a plan of 62 days holds about a thousand.
    public static let maxOccurrences = 10_000

    public static func contains(_ date: LocalDate) -> Bool { firstDay <= date && date <= lastDay }

    public static var description: String { "from \(firstDay) to \(lastDay)" }
}
