import Foundation

/// The words of a day (eat, brush teeth, packed lunch, swimming, tired, ...) in Danish, Norwegian,
/// Swedish and English, each mapped to the archive's best pictograms. The archive's own names come
/// from Unicode and are not the words of a day plan ("tandpasta" names nothing there): a search
/// answers from this list first. Inflected forms (spise, spiser, spiste) and the compounds of the
/// Nordic languages (skoletaske: a bag) are found too.
public struct Vocabulary: Sendable {
    public struct Entry: Sendable, Decodable, Equatable {
        public var id: String
        public var category: String
        /// Part of the daily-routine set the picker opens on.
        public var routine: Bool
        /// Emoji of the archive, best first.
        public var pictograms: [String]
        public var da: [String]
        public var nb: [String]
        public var sv: [String]
        public var en: [String]

        public func words(_ lang: String) -> [String] {
            switch lang {
            case "da": da
            case "nb": nb
            case "sv": sv
            case "en": en
            default: []
            }
        }

        /// The archive keys of the pictograms ("1FAA5"), best first.
        public var keys: [String] { pictograms.map { CLDRAnnotations.key($0) } }
    }

    public static let languages = ["da", "nb", "sv", "en"]

    public let entries: [Entry]
    /// Folded word or phrase, per language, to the entries it names.
    private let exact: [String: [String: [Int]]]
    /// The stems of a word or phrase (each word stemmed), per language, to the entries.
    private let stemmed: [String: [String: [Int]]]

    public init(json: Data) throws {
        self.init(entries: try JSONDecoder().decode([Entry].self, from: json))
    }

    public init(entries: [Entry]) {
        self.entries = entries
        var exact: [String: [String: [Int]]] = [:]
        var stemmed: [String: [String: [Int]]] = [:]
        for lang in Self.languages {
            for (index, entry) in entries.enumerated() {
                for word in entry.words(lang) {
                    let folded = PictogramSearch.fold(word)
                    exact[lang, default: [:]][folded, default: []].append(index)
                    stemmed[lang, default: [:]][Self.stem(phrase: folded, lang: lang), default: []].append(index)
                }
            }
        }
        self.exact = exact
        self.stemmed = stemmed
    }

    /// The entries of the daily-routine set.
    public var routine: [Entry] { entries.filter(\.routine) }

    /// The entries a query names in `lang`, best first: the word itself, an inflected form of it,
    /// the head of a compound ("skoletaske": taske) then its first part, then a phrase holding the
    /// word; then the same in English for the other languages. The archive's pictograms follow.
    public func lookup(_ query: String, lang: String) -> [Entry] {
        let folded = PictogramSearch.fold(query)
        guard !folded.isEmpty else { return [] }
        var ranked: [(rank: Int, index: Int)] = []
        let languages = lang == "en" || !Self.languages.contains(lang) ? ["en"] : [lang, "en"]
        for (offset, language) in languages.enumerated() {
            let penalty = offset * 10
            let stem = Self.stem(phrase: folded, lang: language)
            for index in exact[language]?[folded] ?? [] { ranked.append((penalty + 0, index)) }
            for index in stemmed[language]?[stem] ?? [] { ranked.append((penalty + 1, index)) }
            guard offset == 0, !folded.contains(" ") else { continue }
            if language != "en" {
                let (head, modifier) = compound(folded, lang: language)
                for index in head { ranked.append((penalty + 2, index)) }
                for index in modifier { ranked.append((penalty + 3, index)) }
            }
            // A phrase holding the word ("tænder" in "børste tænder"), when it is long enough to mean it.
            if folded.count >= 3 {
                for (phrase, indexes) in stemmed[language] ?? [:] where phrase.contains(" ") {
                    if phrase.split(separator: " ").contains(Substring(stem)) {
                        for index in indexes { ranked.append((penalty + 4, index)) }
                    }
                }
            }
        }
        var seen = Set<Int>()
        return ranked.sorted { ($0.rank, $0.index) < ($1.rank, $1.index) }.compactMap {
            seen.insert($0.index).inserted ? entries[$0.index] : nil
        }
    }

    /// The entries whose word is the last part of a compound (the head: "skoletaske" is a bag) and
    /// those whose word is its first part, each part at least three letters; a linking s or e
    /// between them is allowed ("fodboldstøvler", "børnehave").
    func compound(_ word: String, lang: String) -> (head: [Int], modifier: [Int]) {
        guard let words = stemmed[lang], word.count >= 6 else { return ([], []) }
        let letters = Array(word)
        var head: [Int] = []
        var modifier: [Int] = []
        // Longest head first: "fodboldtræning" is training before it is anything shorter.
        for split in 3...(letters.count - 3) {
            let tail = String(letters[split...])
            if let found = exact[lang]?[tail] ?? words[Self.stem(phrase: tail, lang: lang)] {
                head = found
                break
            }
        }
        for split in stride(from: letters.count - 3, through: 3, by: -1) {
            var front = String(letters[..<split])
            if let found = exact[lang]?[front] ?? words[Self.stem(phrase: front, lang: lang)] {
                modifier = found
                break
            }
            if front.hasSuffix("s") || front.hasSuffix("e") {
                front.removeLast()
                if front.count >= 3, let found = exact[lang]?[front] {
                    modifier = found
                    break
                }
            }
        }
        return (head, modifier)
    }

    /// Each word of a folded phrase stemmed.
    public static func stem(phrase: String, lang: String) -> String {
        phrase.split(separator: " ").map { stem(String($0), lang: lang) }.joined(separator: " ")
    }

    /// A light stemmer: the common endings of nouns and verbs taken off, keeping at least three
    /// letters ("spiser", "spiste", "spise" are all "spis"; "eating" and "eats" are "eat").
    public static func stem(_ word: String, lang: String) -> String {
        let endings: [String] =
            switch lang {
            case "en": ["ing", "ies", "es", "ed", "s"]
            case "sv": ["arna", "orna", "erna", "ande", "ning", "ade", "are", "ar", "or", "er", "en", "et", "na", "te", "de", "a", "s"]
            case "nb": ["ene", "ende", "ning", "ene", "ere", "er", "en", "et", "te", "de", "a", "e", "s"]
            default: ["erne", "ende", "ning", "ene", "ede", "ere", "er", "en", "et", "te", "de", "e", "s"]
            }
        for ending in endings where word.hasSuffix(ending) && word.count - ending.count >= 3 {
            var stem = String(word.dropLast(ending.count))
            // "swimming": swim; "running": run.
            if lang == "en", ending == "ing" || ending == "ed", let last = stem.last, stem.dropLast().last == last {
                stem.removeLast()
            }
            return stem
        }
        return word
    }
}
