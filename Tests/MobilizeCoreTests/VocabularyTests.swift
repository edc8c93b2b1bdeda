import Foundation
import MobilizeCore
import Testing

/// The everyday vocabulary: its data holds what a day plan needs, and words are found in the forms
/// people type them.
@Suite struct VocabularyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let vocabulary: Vocabulary = {
        let url = root.appendingPathComponent("Sources/App/Resources/vocabulary.json")
        return try! Vocabulary(json: Data(contentsOf: url))
    }()

    func first(_ query: String, _ lang: String) -> String? {
        Self.vocabulary.lookup(query, lang: lang).first?.id
    }

    @Test func theVocabularyHoldsAtLeast300EverydayWordsInFourLanguagesEachWithAPictogram() {
        let entries = Self.vocabulary.entries
        #expect(entries.count >= 300)
        #expect(Set(entries.map(\.id)).count == entries.count, "ids are unique")
        for entry in entries {
            #expect(!entry.pictograms.isEmpty, "\(entry.id) has a pictogram")
            for lang in Vocabulary.languages {
                #expect(!entry.words(lang).isEmpty, "\(entry.id) has a word in \(lang)")
            }
        }
        let categories = Set(entries.map(\.category))
        for needed in ["activity", "place", "person", "object", "feeling", "routine", "food"] {
            #expect(categories.contains(needed))
        }
        #expect(Self.vocabulary.routine.count >= 12, "a daily-routine set to open the picker on")
    }

    @Test func inflectedFormsFindTheirWord() {
        for form in ["spise", "spiser", "spiste"] {
            #expect(first(form, "da") == first("spise", "da"), "\(form)")
        }
        #expect(first("spise", "da") != nil)
        #expect(first("swimming", "en") == first("swim", "en"))
        #expect(Vocabulary.stem("spiste", lang: "da") == "spis")
        #expect(Vocabulary.stem("eating", lang: "en") == "eat")
        #expect(Vocabulary.stem("bus", lang: "da") == "bus", "three letters are kept")
    }

    @Test func aCompoundFindsItsHeadThenItsFirstPart() throws {
        // Not in the vocabulary as a whole: "skoletaske" is a bag, of school.
        #expect(Self.vocabulary.lookup("skoletaske", lang: "da").isEmpty == false)
        let found = Self.vocabulary.lookup("skoletaske", lang: "da").map(\.id)
        let bag = try #require(first("taske", "da"))
        let school = try #require(first("skole", "da"))
        let bagAt = try #require(found.firstIndex(of: bag))
        let schoolAt = try #require(found.firstIndex(of: school))
        #expect(bagAt < schoolAt)
    }

    @Test func theWordItselfComesBeforeAnythingElseAndEnglishHelpsTheOthers() {
        #expect(first("tandpasta", "da") == first("toothpaste", "en"))
        #expect(first("Tandbørste", "da") == first("tandborste", "da"))
        // An English word in a Danish search still finds its entry, after the Danish ones.
        #expect(first("toothpaste", "da") == first("toothpaste", "en"))
        #expect(Self.vocabulary.lookup("", lang: "da").isEmpty)
        #expect(Self.vocabulary.lookup("xq", lang: "da").isEmpty)
    }
}
