import Foundation

/// What the guard against sensitive pictures looks for in the text read from a photo (policy
/// 6.2.1: "a pill glass with a printed CPR number", "an envelope with name and address"): a Danish
/// CPR number with a real date, a postal address with a postcode (Danish, Norwegian, Swedish or
/// British), an email address, a phone number, and the name of someone in the circle. It answers
/// what kind was found and where, never the text.
public enum SensitiveText {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case cpr, address, email, phone, name
    }

    /// A rectangle in the picture's pixels.
    public struct Box: Sendable, Equatable, Codable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        public func contains(_ other: Box) -> Bool {
            other.x >= x && other.y >= y && other.x + other.width <= x + width && other.y + other.height <= y + height
        }

        public func union(_ other: Box) -> Box {
            let left = min(x, other.x)
            let top = min(y, other.y)
            let right = max(x + width, other.x + other.width)
            let bottom = max(y + height, other.y + other.height)
            return Box(x: left, y: top, width: right - left, height: bottom - top)
        }

        /// Scaled by `factor`, grown by `margin` of its height on every side, within the bounds.
        public func scaled(by factor: Double, margin: Double = 0, within bounds: (width: Int, height: Int)) -> Box {
            let pad = Double(height) * margin
            let left = max(0, Int(((Double(x) - pad) * factor).rounded(.down)))
            let top = max(0, Int(((Double(y) - pad) * factor).rounded(.down)))
            let right = min(bounds.width, Int(((Double(x + width) + pad) * factor).rounded(.up)))
            let bottom = min(bounds.height, Int(((Double(y + height) + pad) * factor).rounded(.up)))
            return Box(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
        }
    }

    /// A word as OCR read it, and where.
    public struct Word: Sendable, Equatable {
        public var text: String
        public var box: Box
        public init(_ text: String, _ box: Box) {
            self.text = text
            self.box = box
        }
    }

    public struct Finding: Sendable, Equatable, Codable {
        public var kind: Kind
        public var box: Box
        public init(kind: Kind, box: Box) {
            self.kind = kind
            self.box = box
        }
    }

    /// The findings in lines of words (top to bottom), one per kind and place. `names` are the
    /// names of the people in the circle; parts shorter than three letters are ignored.
    public static func findings(in lines: [[Word]], names: [String] = []) -> [Finding] {
        let texts = lines.map(Line.init)
        var found: [Finding] = []
        // Two patterns that find the same thing ("Tlf. 20 30 40 50" and its digits) give one
        // finding, the larger box.
        func add(_ kind: Kind, _ box: Box?) {
            guard let box, !found.contains(where: { $0.kind == kind && $0.box.contains(box) }) else { return }
            found.removeAll { $0.kind == kind && box.contains($0.box) }
            found.append(Finding(kind: kind, box: box))
        }
        let nameParts = Set(
            names.flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "-" }) }
                .filter { $0.count >= 3 }.map { $0.lowercased() }
        )
        for (index, line) in texts.enumerated() {
            for range in line.digits.matches(of: cpr) where isCPRDate(line.digits[range]) {
                add(.cpr, line.box(of: range, in: line.digits))
            }
            for range in line.text.matches(of: email) { add(.email, line.box(of: range, in: line.text)) }
            for pattern in phones {
                for range in line.digits.matches(of: pattern) { add(.phone, line.box(of: range, in: line.digits)) }
            }
            for pattern in postcodes {
                for range in line.text.matches(of: pattern) {
                    // A postcode and town make an address with a street and number on the same
                    // line or the line above.
                    let before = line.text[line.text.startIndex..<range.lowerBound]
                    if let street = String(before).matches(of: streetPattern).last {
                        add(.address, line.box(of: street.lowerBound..<range.upperBound, in: line.text))
                    } else if index > 0, let street = texts[index - 1].text.matches(of: streetPattern).last {
                        let above = texts[index - 1].box(of: street, in: texts[index - 1].text)
                        if let here = line.box(of: range, in: line.text) { add(.address, above.map { $0.union(here) } ?? here) }
                    }
                }
            }
            for word in line.words {
                let letters = word.text.trimmingCharacters(in: .letters.inverted)
                guard letters.count >= 3, nameParts.contains(letters.lowercased()),
                    letters.first?.isUppercase == true
                else { continue }
                add(.name, word.box)
            }
        }
        return found
    }

    // MARK: - Patterns

    /// DDMMYY-SSSS, the hyphen optional (or a dash OCR read for it), spaces allowed around it.
    static let cpr = try! NSRegularExpression(pattern: #"(?<![\d+])(\d{6}) ?[-‐–—]? ?(\d{4})(?!\d)"#)
    static let email = try! NSRegularExpression(
        pattern: #"[\p{L}\d._%+-]+@[\p{L}\d-]+(\.[\p{L}\d-]+)*\.\p{L}{2,}"#
    )
    /// An international number; a labelled one; eight digits in pairs (Danish) or 3-2-3
    /// (Norwegian mobile); a trunk-prefixed Swedish or British number.
    static let phones = [
        #"(?<![\w+])\+\d{1,3}[ -]?\(?\d{1,4}\)?([ -]?\d){5,11}(?!\d)"#,
        #"(?i)\b(tlf|tel|telefon|phone|mobil|mob|ring)\.?:?\s*(\+?\d[ -]?){7,12}\d(?!\d)"#,
        #"(?<![\d+-])\d{2} \d{2} \d{2} \d{2}(?![\d-])"#,
        #"(?<![\d+-])\d{3} \d{2} \d{3}(?![\d-])"#,
        #"(?<![\d+-])0\d{1,3}[ -]\d{2,4}( ?\d{2,4}){1,3}(?![\d-])"#,
    ].map { try! NSRegularExpression(pattern: $0) }
    /// A postcode followed by a town: 4 digits (Danish, Norwegian), 3+2 digits (Swedish), or a
    /// British postcode after a town.
    static let postcodes = [
        #"(?<![\d-])(DK-|N-|NO-)?\d{4} \p{Lu}[\p{L}.-]+"#,
        #"(?<![\d-])(S-|SE-)?\d{3} ?\d{2} \p{Lu}[\p{L}.-]+"#,
        #"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"#,
    ].map { try! NSRegularExpression(pattern: $0) }
    /// A street and house number ("Vestergade 12", "Storgata 5B", "Bakkevej 3, 2. tv"), or the
    /// number first ("10 Downing Street").
    static let streetPattern = try! NSRegularExpression(
        pattern: #"(\p{Lu}[\p{L}.'-]+( [\p{L}.'-]+){0,3} \d{1,4}[A-Za-z]?\b|\b\d{1,4}[A-Za-z]? \p{Lu}[\p{L}'-]+( \p{Lu}?[\p{L}'-]+){0,3})"#
    )

    /// Whether DDMMYY is a date that exists in some century (29 February in a year that may be
    /// a leap year: 00 is one in 2000).
    static func isCPRDate(_ match: Substring) -> Bool {
        let digits = match.filter(\.isNumber).compactMap(\.wholeNumberValue)
        guard digits.count == 10 else { return false }
        let day = digits[0] * 10 + digits[1]
        let month = digits[2] * 10 + digits[3]
        let year = digits[4] * 10 + digits[5]
        let days = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month) else { return false }
        return (1...days[month - 1]).contains(day)
    }

    /// One line's text and where each character came from. `digits` is the text with the letters
    /// OCR confuses with digits (O, o, l, I) read as digits inside numbers.
    struct Line {
        let words: [Word]
        let text: String
        let digits: String
        /// The word of each character of `text` (nil for the spaces between words).
        let owners: [Int?]

        init(_ words: [Word]) {
            self.words = words
            var text = ""
            var owners: [Int?] = []
            for (index, word) in words.enumerated() {
                if index > 0 {
                    text.append(" ")
                    owners.append(nil)
                }
                text.append(word.text)
                owners.append(contentsOf: Array(repeating: index, count: word.text.count))
            }
            self.text = text
            self.owners = owners
            self.digits = Line.numeric(text)
        }

        /// Letters like digits read as the digits they stand for, where a digit stands beside them.
        static func numeric(_ text: String) -> String {
            let characters = Array(text)
            let lookalikes: [Character: Character] = ["O": "0", "o": "0", "l": "1", "I": "1", "|": "1"]
            return String(
                characters.indices.map { index in
                    guard let digit = lookalikes[characters[index]] else { return characters[index] }
                    let before = index > 0 && characters[index - 1].isNumber
                    let after = index + 1 < characters.count && characters[index + 1].isNumber
                    return before || after ? digit : characters[index]
                }
            )
        }

        /// The union of the boxes of the words a range of `text` (or `digits`, the same length) touches.
        func box(of range: Range<String.Index>, in string: String) -> Box? {
            let start = string.distance(from: string.startIndex, to: range.lowerBound)
            let end = string.distance(from: string.startIndex, to: range.upperBound)
            let touched = Set(owners[start..<min(end, owners.count)].compactMap { $0 })
            return touched.sorted().map { words[$0].box }.reduce(nil) { $0?.union($1) ?? $1 }
        }
    }
}

extension String {
    /// The ranges of a regular expression's matches.
    fileprivate func matches(of pattern: NSRegularExpression) -> [Range<String.Index>] {
        pattern.matches(in: self, range: NSRange(startIndex..., in: self)).compactMap { Range($0.range, in: self) }
    }
}
