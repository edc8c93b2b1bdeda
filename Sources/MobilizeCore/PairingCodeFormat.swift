/// Pairing codes are typed by adults from one screen into another: 8 characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), shown as two groups of four.
public enum PairingCodeFormat {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let length = 8

    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Accepts what a person types: any case, with or without the dash and spaces.
    public static func normalize(_ input: String) -> String? {
        let cleaned = input.uppercased().filter { $0 != "-" && $0 != " " }
        guard cleaned.count == length, cleaned.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return cleaned
    }

    public static func display(_ code: String) -> String {
        "\(code.prefix(4))-\(code.suffix(4))"
    }
}
