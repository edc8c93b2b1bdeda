import MobilizeCore
import Testing

@Suite struct SensitiveTextTests {
    /// Lines of words as OCR gives them: each word 100 px wide, each line 60 px below the last.
    static func lines(_ text: String) -> [[SensitiveText.Word]] {
        text.split(separator: "\n").enumerated().map { row, line in
            line.split(separator: " ").enumerated().map { column, word in
                SensitiveText.Word(String(word), SensitiveText.Box(x: column * 110, y: row * 60, width: 100, height: 40))
            }
        }
    }

    static func kinds(_ text: String, names: [String] = []) -> [SensitiveText.Kind] {
        SensitiveText.findings(in: lines(text), names: names).map(\.kind)
    }

    @Test func aCPRNumberNeedsADateThatExists() {
        #expect(Self.kinds("CPR 120315-1234") == [.cpr])
        #expect(Self.kinds("Navn: Ida  CPR-nr.: 1203151234") == [.cpr])
        #expect(Self.kinds("290200-4321") == [.cpr], "29 February 2000")
        #expect(Self.kinds("O1O315-1234") == [.cpr], "O read for 0")
        #expect(Self.kinds("321299-1234").isEmpty, "no 32nd")
        #expect(Self.kinds("301399-1234").isEmpty, "no 13th month")
        #expect(Self.kinds("300299-1234").isEmpty, "no 30 February")
        #expect(Self.kinds("Ordre 12031512345678").isEmpty, "part of a longer number")
    }

    @Test func theBoxCoversTheWordsOfWhatWasFound() {
        let found = SensitiveText.findings(in: Self.lines("Pille glas CPR 120315-1234"))
        #expect(found == [SensitiveText.Finding(kind: .cpr, box: SensitiveText.Box(x: 330, y: 0, width: 100, height: 40))])
        let split = SensitiveText.findings(in: Self.lines("CPR 120315 - 1234"))
        #expect(split.first?.box == SensitiveText.Box(x: 110, y: 0, width: 320, height: 40), "the number in three words")
    }

    @Test(arguments: [
        "Vestergade 12\n8000 Aarhus C",  // Danish
        "Bakkevej 3, 2. tv, 2100 København Ø",
        "Storgata 5\n0155 Oslo",  // Norwegian
        "Storgatan 5\n111 22 Stockholm",  // Swedish
        "10 Downing Street\nLondon SW1A 2AA",  // British
    ])
    func anAddressIsAStreetAndNumberWithAPostcodeAndTown(_ text: String) {
        #expect(Self.kinds(text) == [.address])
    }

    @Test(arguments: [
        "Tlf. 20 30 40 50", "+45 20304050", "Mobil: 2030 4050", "+47 412 34 567", "412 34 567", "070-123 45 67",
        "+46 70 123 45 67", "Tel. +44 20 7946 0958", "020 7946 0958",
    ])
    func aPhoneNumberIsFoundInEachCountrysWay(_ text: String) {
        #expect(Self.kinds(text) == [.phone])
    }

    @Test func anEmailAddressAndTheCirclesNamesAreFound() {
        #expect(Self.kinds("Skriv til ida.hansen@example.dk") == [.email])
        #expect(Self.kinds("Madkasse: IDA", names: ["Ida Hansen", "Gina"]) == [.name])
        #expect(Self.kinds("Hej Gina!", names: ["Ida Hansen", "Gina"]) == [.name])
        #expect(Self.kinds("hansen", names: ["Ida Hansen"]).isEmpty, "a name is written with a capital")
        #expect(Self.kinds("Bo og Al", names: ["Bo", "Al"]).isEmpty, "names of two letters are too common to hold on")
    }

    @Test(arguments: [
        "Husk madpakke og gymnastiktøj", "Fredag kl. 8.15 svømning", "2024 Program", "Side 12 af 40",
        "Mælk 1 l", "Bus 5A mod Centrum", "Åbent 10-17", "Nr. 1234", "3 x 250 mg",
    ])
    func everydayTextIsNotHeld(_ text: String) {
        #expect(Self.kinds(text, names: ["Ida Hansen"]).isEmpty, "\(text)")
    }
}
