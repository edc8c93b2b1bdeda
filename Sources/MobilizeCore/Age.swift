import Foundation

/// Age rules. Denmark sets the age of digital consent at 13: below it a guardian acts for the child.
public enum DigitalConsent {
    public static let age = 13

    /// With only a birth year known, a person is treated as under 13 until they are certainly 13,
    /// that is until the calendar year after the one in which they turn 13.
    /// A person with no birth year is under 13 when they have no login of their own (a child
    /// created by a planner), and not otherwise (they registered themselves).
    public static func isUnderAge(birthYear: Int?, hasOwnLogin: Bool, currentYear: Int) -> Bool {
        guard let birthYear else { return !hasOwnLogin }
        return currentYear - birthYear <= age
    }
}
