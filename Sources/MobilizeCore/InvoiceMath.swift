import Foundation

/// Amounts on invoices, in øre (hundredths of a krone) as whole numbers: never floating point.
public enum InvoiceMath {
    /// Danish VAT (moms).
    public static let vatPercent = 25
    /// The bounds of one line, so no total can overflow: at most 100,000 of a thing (seats), at
    /// most 10,000,000 kr each.
    public static let quantities = 1...100_000
    public static let unitPrices = 0...1_000_000_000

    public struct Line: Sendable, Equatable, Codable {
        public var description: String
        public var quantity: Int
        public var unitPriceMinor: Int

        public init(description: String, quantity: Int, unitPriceMinor: Int) {
            self.description = description
            self.quantity = quantity
            self.unitPriceMinor = unitPriceMinor
        }

        public var netMinor: Int { quantity * unitPriceMinor }
    }

    public struct Totals: Sendable, Equatable, Codable {
        public var netMinor: Int
        public var vatMinor: Int
        public var grossMinor: Int
    }

    /// Whether a line is within the bounds.
    public static func isValid(_ line: Line) -> Bool {
        quantities.contains(line.quantity) && unitPrices.contains(line.unitPriceMinor)
            && !line.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// VAT on a net amount, rounded half away from zero to whole øre.
    public static func vat(onNet net: Int, percent: Int = vatPercent) -> Int {
        let hundredths = net * percent
        return (hundredths >= 0 ? hundredths + 50 : hundredths - 50) / 100
    }

    /// The lines' net sum, the VAT on that sum (once, not per line) and the sum of both.
    /// A credit note is the same lines with the totals negated (`negated`).
    public static func totals(_ lines: [Line]) -> Totals {
        let net = lines.reduce(0) { $0 + $1.netMinor }
        let vat = vat(onNet: net)
        return Totals(netMinor: net, vatMinor: vat, grossMinor: net + vat)
    }

    /// An amount in øre as Danish kroner: 1234567 is "12.345,67".
    public static func kroner(_ minor: Int) -> String {
        let sign = minor < 0 ? "-" : ""
        let whole = abs(minor) / 100
        let cents = abs(minor) % 100
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return sign + digits + grouped + "," + (cents < 10 ? "0" : "") + String(cents)
    }
}

extension InvoiceMath.Totals {
    /// The totals of a credit note for these.
    public var negated: Self {
        Self(netMinor: -netMinor, vatMinor: -vatMinor, grossMinor: -grossMinor)
    }
}
