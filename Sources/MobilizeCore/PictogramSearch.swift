import Foundation

/// Search over pictogram names and keywords: case- and accent-insensitive, exact names first,
/// then names with a word starting with the query, then keywords.
public enum PictogramSearch {
    /// The languages the archive is named in.
    public static let languages = ["da", "nb", "sv", "en", "de"]

    /// Lower case, no accents, and the Nordic letters spelled as on a keyboard without them, so
    /// "Tandbørste", "tandborste" and "TANDBØRSTE" are the same text.
    public static func fold(_ text: String) -> String {
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        for (letter, spelling) in [("ø", "o"), ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("đ", "d"), ("ł", "l")] {
            folded = folded.replacingOccurrences(of: letter, with: spelling)
        }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A person's own name for a pictogram: it ranks before every other name.
        case alternate
        case name
        case keyword
    }

    public struct Term: Sendable, Equatable {
        public var kind: Kind
        /// Folded text.
        public var text: String
        public var preferredLanguage: Bool

        public init(kind: Kind, text: String, preferredLanguage: Bool) {
            self.kind = kind
            self.text = text
            self.preferredLanguage = preferredLanguage
        }
    }

    /// How well a term answers a folded query; lower is better, nil is no match. In order: a
    /// person's own name exactly, the archive's name exactly, a keyword exactly ("car" is a
    /// keyword of "automobile"), a name holding the query as whole words ("bus" in "bus stop"),
    /// a name with a word starting with the query ("tand" in "tandbørste"), then keywords
    /// holding it as words or word-starts. Every match in the language asked for comes before
    /// any in the fallback language.
    public static func rank(_ term: Term, query: String) -> Int? {
        guard !query.isEmpty else { return nil }
        let words = " " + term.text.replacingOccurrences(of: "-", with: " ") + " "
        let wanted = query.replacingOccurrences(of: "-", with: " ")
        let order: Int
        if term.text == query {
            order = term.kind == .alternate ? 0 : (term.kind == .name ? 1 : 2)
        } else if words.contains(" " + wanted + " ") {
            order = term.kind == .keyword ? 5 : 3
        } else if words.contains(" " + wanted) {
            order = term.kind == .keyword ? 6 : 4
        } else {
            return nil
        }
        return order + (term.preferredLanguage ? 0 : 10)
    }

    /// The best rank among a pictogram's terms, doubled; one more unless a name starts with the
    /// query, so that of the pictograms with the keyword "music", "musical note" comes before
    /// "drum".
    public static func rank(_ terms: [Term], query: String) -> Int? {
        guard let best = terms.compactMap({ rank($0, query: query) }).min() else { return nil }
        let named = terms.contains { $0.kind != .keyword && $0.text.hasPrefix(query) }
        return best * 2 + (named ? 0 : 1)
    }
}

/// Unicode CLDR emoji annotations (`common/annotations/<lang>.xml` and `annotationsDerived`):
/// for each emoji its name (`type="tts"`) and keywords.
public enum CLDRAnnotations {
    public struct Entry: Sendable, Equatable {
        public var name: String?
        public var keywords: [String] = []

        public init(name: String? = nil, keywords: [String] = []) {
            self.name = name
            self.keywords = keywords
        }
    }

    /// Entries by emoji, with the variation selector U+FE0F removed from the key.
    public static func parse(_ xml: String) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        let pattern = /<annotation\s+cp="([^"]+)"(\s+type="tts")?\s*>([^<]*)<\/annotation>/
        for match in xml.matches(of: pattern) {
            let emoji = key(unescape(String(match.output.1)))
            let text = unescape(String(match.output.3)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text != "↑↑↑" else { continue }  // "↑↑↑": inherited from the parent locale
            if match.output.2 != nil {
                entries[emoji, default: Entry()].name = text
            } else {
                entries[emoji, default: Entry()].keywords = text.split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
            }
        }
        return entries
    }

    /// An emoji as upper-case hex code points joined by "-", without U+FE0F ("1FAA5", "0023-20E3").
    public static func key(_ emoji: String) -> String {
        emoji.unicodeScalars.filter { $0.value != 0xFE0F }.map { String(format: "%04X", $0.value) }.joined(
            separator: "-"
        )
    }

    /// The same key from an OpenMoji file name ("0023-FE0F-20E3").
    public static func key(hexcode: String) -> String {
        hexcode.uppercased().split(separator: "-").filter { $0 != "FE0F" }.joined(separator: "-")
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
