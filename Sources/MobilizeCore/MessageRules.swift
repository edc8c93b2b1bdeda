import Foundation

/// What a message may hold, and which part of a conversation a history request asks for. Every
/// bound is stated here and in the contract.
public enum MessageRules {
    public static let maxText = 4_000
    public static let maxPictures = 4
    public static let maxClientKey = 100
    public static let maxLimit = 100
    public static let defaultLimit = 50

    /// The text as kept: trimmed; nil when empty. Throws the reason it is refused.
    public static func text(_ text: String?) throws(DomainError) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maxText else {
            throw .invalid("text", "may be at most \(maxText) characters")
        }
        let control = trimmed.unicodeScalars.contains {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t"
        }
        guard !control else { throw .invalid("text", "may not hold control characters") }
        return trimmed
    }

    /// The sender's key: 1 to 100 letters, digits, `.`, `_`, `:` or `-` (a UUID is typical).
    public static func clientKey(_ key: String) throws(DomainError) {
        let allowed = key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || ".-_:".unicodeScalars.contains($0)
        }
        guard (1...maxClientKey).contains(key.count), allowed else {
            throw .invalid("clientKey", "must be 1 to \(maxClientKey) letters, digits, '.', '_', ':' or '-'")
        }
    }

    /// A part of the history: the messages after a number, before one, or the newest.
    public struct Window: Equatable, Sendable {
        public enum Direction: Equatable, Sendable { case after(Int), before(Int), newest }
        public let direction: Direction
        public let limit: Int

        public init(after: String?, before: String?, limit: String?) throws(DomainError) {
            func number(_ name: String, _ text: String?) throws(DomainError) -> Int? {
                guard let text, !text.isEmpty else { return nil }
                guard let value = Int(text), (0...Int(Int32.max)).contains(value) else {
                    throw .invalid(name, "must be a message number from 0 to \(Int32.max)")
                }
                return value
            }
            switch (try number("after", after), try number("before", before)) {
            case (nil, nil): direction = .newest
            case (let after?, nil): direction = .after(after)
            case (nil, let before?): direction = .before(before)
            case (_?, _?): throw .invalid("before", "give after or before, not both")
            }
            if let limit, !limit.isEmpty {
                guard let value = Int(limit), (1...MessageRules.maxLimit).contains(value) else {
                    throw .invalid("limit", "must be a whole number from 1 to \(MessageRules.maxLimit)")
                }
                self.limit = value
            } else {
                self.limit = MessageRules.defaultLimit
            }
        }
    }
}

extension DomainError {
    /// One refused field.
    static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field: field, message: message)])
    }
}
