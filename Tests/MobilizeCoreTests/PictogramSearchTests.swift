import Testing

@testable import MobilizeCore

@Suite struct PictogramSearchTests {
    @Test func foldingIgnoresCaseAccentsAndNordicLetters() {
        #expect(PictogramSearch.fold("  Tandbørste ") == "tandborste")
        #expect(PictogramSearch.fold("TANDBØRSTE") == PictogramSearch.fold("tandborste"))
        #expect(PictogramSearch.fold("Æble  på\tgaden") == "aeble pa gaden")
        #expect(PictogramSearch.fold("Zahnbürste") == "zahnburste")
        #expect(PictogramSearch.fold("Straße") == "strasse")
    }

    @Test func exactNamesComeBeforeKeywordsWordsAndWordStarts() {
        func rank(_ kind: PictogramSearch.Kind, _ text: String, _ query: String, preferred: Bool = true) -> Int? {
            PictogramSearch.rank(.init(kind: kind, text: text, preferredLanguage: preferred), query: query)
        }
        let order = [
            rank(.alternate, "borstetid", "borstetid"),
            rank(.name, "tand", "tand"),
            rank(.keyword, "car", "car"),
            rank(.name, "bus stop", "bus"),
            rank(.name, "tandborste", "tand"),
            rank(.keyword, "mouth care", "care"),
            rank(.keyword, "mundhygiejne", "mund"),
            rank(.name, "tand", "tand", preferred: false),
        ]
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(Set(order.compactMap { $0 }).count == order.count)
        #expect(rank(.name, "t-shirt", "shirt") != nil)
        #expect(rank(.name, "toothbrush", "brush") == nil)
        #expect(rank(.name, "tand", "") == nil)
        // Of two pictograms with the keyword "music", the one whose name also matches comes first.
        let note = PictogramSearch.rank(
            [
                .init(kind: .keyword, text: "music", preferredLanguage: true),
                .init(kind: .name, text: "musical note", preferredLanguage: true),
            ],
            query: "music"
        )
        let drum = PictogramSearch.rank(
            [
                .init(kind: .keyword, text: "music", preferredLanguage: true),
                .init(kind: .name, text: "drum", preferredLanguage: true),
            ],
            query: "music"
        )
        #expect(note! < drum!)
    }

    @Test func readsCLDRAnnotations() {
        let xml = """
            <ldml><annotations>
                <annotation cp="🪥">badeværelse | børste | tandbørste</annotation>
                <annotation cp="🪥" type="tts">tandbørste</annotation>
                <annotation cp="#️⃣">firkant &amp; tal</annotation>
                <annotation cp="#️⃣" type="tts">tast: #</annotation>
                <annotation cp="🐕" type="tts">↑↑↑</annotation>
            </annotations></ldml>
            """
        let entries = CLDRAnnotations.parse(xml)
        #expect(entries["1FAA5"] == .init(name: "tandbørste", keywords: ["badeværelse", "børste", "tandbørste"]))
        #expect(entries["0023-20E3"] == .init(name: "tast: #", keywords: ["firkant & tal"]))
        #expect(entries["1F415"] == nil)
        #expect(CLDRAnnotations.key(hexcode: "0023-fe0f-20e3") == "0023-20E3")
    }
}
