import Foundation

/// The numbers a customer is known by to the authorities and to e-invoicing: a Danish CVR number
/// and a GS1 location number (EAN, GLN) that public-sector buyers receive invoices at.
public enum BusinessNumbers {
    /// What a person typed, as the bare digits: spaces, dots and hyphens go, and a leading "DK"
    /// (as on a VAT number); nil when anything else is left over.
    public static func digits(_ text: String, stripping prefix: String? = nil) -> String? {
        var value = text.uppercased().filter { !" .-".contains($0) }
        if let prefix, value.hasPrefix(prefix) { value.removeFirst(prefix.count) }
        return value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber) && !value.isEmpty ? value : nil
    }

    /// A CVR number: 8 digits, the first not 0, whose sum weighted 2, 7, 6, 5, 4, 3, 2, 1 is a
    /// multiple of 11 (the modulus-11 check of the Central Business Register).
    public static func isCVR(_ value: String) -> Bool {
        let digits = value.compactMap(\.wholeNumberValue)
        guard value.count == 8, digits.count == 8, digits[0] != 0 else { return false }
        let sum = zip(digits, [2, 7, 6, 5, 4, 3, 2, 1]).reduce(0) { $0 + $1.0 * $1.1 }
        return sum % 11 == 0
    }

    /// A CVR number as typed ("DK 24 25 67 90"), as its 8 digits; nil when it is not one.
    public static func cvr(_ text: String) -> String? {
        digits(text, stripping: "DK").flatMap { isCVR($0) ? $0 : nil }
    }

    /// A 13-digit GS1 number (EAN-13, GLN) whose last digit is its check digit: the others,
    /// from the right, weighted 3, 1, 3, 1, ...
    public static func isEAN(_ value: String) -> Bool {
        let digits = value.compactMap(\.wholeNumberValue)
        guard value.count == 13, digits.count == 13 else { return false }
        return gs1CheckDigit(Array(digits.dropLast())) == digits[12]
    }

    /// An EAN location number as typed, as its 13 digits; nil when it is not one.
    public static func ean(_ text: String) -> String? {
        digits(text).flatMap { isEAN($0) ? $0 : nil }
    }

    static func gs1CheckDigit(_ digits: [Int]) -> Int {
        let sum = digits.reversed().enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10
    }
}
