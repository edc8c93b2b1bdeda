import Foundation

/// Text messages through an HTTP SMS gateway (policy 8.1): phone numbers in E.164, the request
/// body made from the operator's template, and the codes that prove a number is the person's.
public enum SMS {
    /// Characters one message may carry (two segments of a plain-text SMS).
    public static let maxLength = 306

    /// `+` and 8 to 15 digits, the first not 0.
    public static func isE164(_ number: String) -> Bool {
        guard number.first == "+" else { return false }
        let digits = number.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            && digits.first != "0"
    }

    /// What a person typed, as E.164: spaces, dashes, dots and parentheses go; `00` becomes `+`;
    /// eight digits alone are a Danish number (+45). Nil when it is no phone number.
    public static func normalized(_ typed: String) -> String? {
        var text = typed.filter { !" -.()\u{00A0}".contains($0) }
        guard text.count <= 20 else { return nil }
        if text.hasPrefix("00") { text = "+" + text.dropFirst(2) }
        if !text.hasPrefix("+"), text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }) { text = "+45" + text }
        return isE164(text) ? text : nil
    }

    /// How the template's values are written into the body.
    public enum Encoding: String, Sendable {
        /// Inside JSON strings: quotes, backslashes and control characters escaped.
        case json
        /// `application/x-www-form-urlencoded`: percent-encoded.
        case form
    }

    /// The operator's request template with `{{to}}`, `{{text}}` and `{{from}}` filled in, each
    /// escaped so that no value can change the body's shape.
    public static func render(template: String, to: String, text: String, from: String, encoding: Encoding) -> String {
        func escape(_ value: String) -> String {
            encoding == .json ? jsonEscaped(value) : formEscaped(value)
        }
        return template.replacingOccurrences(of: "{{to}}", with: escape(to))
            .replacingOccurrences(of: "{{text}}", with: escape(text))
            .replacingOccurrences(of: "{{from}}", with: escape(from))
    }

    static func jsonEscaped(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func formEscaped(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The codes that prove a number: six digits, for ten minutes, five tries; three codes an hour.
    public enum Code {
        public static let digits = 6
        public static let validFor: TimeInterval = 600
        public static let tries = 5
        public static let perHour = 3

        public static func make() -> String {
            var generator = SystemRandomNumberGenerator()
            return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
        }
    }
}
