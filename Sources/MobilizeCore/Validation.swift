import Foundation

/// One invalid field of a request, reported back to the client by name.
public struct FieldError: Codable, Sendable, Hashable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Collects field errors; `check()` throws them all at once so a form can show every problem.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func require(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(FieldError(field: field, message: message)) }
    }

    public mutating func email(_ value: String?, field: String = "email") {
        guard let value else { return }
        require(Rules.isEmail(value), field, "must be a valid email address")
    }

    public mutating func password(_ value: String?, field: String = "password") {
        guard let value else { return }
        require(Rules.passwordLength.contains(Rules.length(value)), field, "must be 8 to 128 characters")
    }

    public mutating func username(_ value: String?, field: String = "username") {
        guard let value else { return }
        require(
            Rules.isUsername(Rules.normalizedUsername(value)),
            field,
            "must be 3 to 32 letters a-z, digits, dots, hyphens or underscores, starting with a letter or digit"
        )
    }

    public mutating func name(_ value: String?, field: String = "name") {
        guard let value else { return }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        require(Rules.nameLength.contains(Rules.length(trimmed)), field, "must be 1 to 100 characters")
    }

    public mutating func timeZone(_ value: String?, field: String = "timeZone") {
        guard let value else { return }
        require(Rules.isTimeZone(value), field, "must be an IANA time zone such as Europe/Copenhagen")
    }

    public mutating func birthYear(_ value: Int?, currentYear: Int, field: String = "birthYear") {
        guard let value else { return }
        require((1900...currentYear).contains(value), field, "must be between 1900 and \(currentYear)")
    }

    public mutating func deviceName(_ value: String?, field: String = "deviceName") {
        guard let value else { return }
        require(Rules.length(value) <= 100, field, "must be at most 100 characters")
    }

    /// A consent names the version of the policy in force, nothing older.
    public mutating func policyVersion(_ value: Int?, current: Int, field: String = "policyVersion") {
        guard let value else { return }
        require(value == current, field, "must be the current version, \(current)")
    }

    public func check() throws {
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }
}

public enum Rules {
    public static let passwordLength = 8...128
    public static let nameLength = 1...100

    /// The length of a text as JSON Schema's `maxLength` counts it: in code points, so that
    /// "é" written with a combining accent counts two, as every client's schema check does.
    public static func length(_ text: some StringProtocol) -> Int { text.unicodeScalars.count }

    public static func isEmail(_ value: String) -> Bool {
        guard value.count <= 254, !value.contains(where: { $0.isWhitespace }) else { return false }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
    }

    /// Emails compare case-insensitively and without surrounding space.
    public static func normalizedEmail(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// An address shown to whoever holds a link sent to it: "g•••@example.org".
    public static func maskedEmail(_ value: String) -> String {
        guard let at = value.firstIndex(of: "@"), at > value.startIndex else { return "•••" }
        return String(value[value.startIndex]) + "•••" + value[at...]
    }

    /// A username: what a young person without an address signs in with. Never an address.
    public static func isUsername(_ value: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...32).contains(value.count), let first = value.first, first.isLetter || first.isNumber else {
            return false
        }
        return value.allSatisfy(allowed.contains)
    }

    /// Usernames compare case-insensitively and without surrounding space.
    public static func normalizedUsername(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static func isTimeZone(_ value: String) -> Bool {
        value.count <= 64 && value.contains("/") && TimeZone(identifier: value) != nil
    }
}
