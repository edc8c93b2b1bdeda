import Testing

@testable import MobilizeCore

/// CVR and EAN numbers checked on real ones, and on the same with one digit changed; amounts in
/// øre with VAT rounded once, on the sum.
@Suite struct CustomerNumbersTests {
    /// Novo Nordisk, Danske Bank, A.P. Møller - Mærsk and Carlsberg, as in the register.
    static let realCVRs = ["24256790", "61126228", "22756214", "61056416"]

    @Test func realCVRNumbersPassAndAChangedDigitFails() {
        for cvr in Self.realCVRs {
            #expect(BusinessNumbers.isCVR(cvr), "\(cvr)")
            for position in 0..<8 {
                var digits = Array(cvr)
                let digit = digits[position].wholeNumberValue!
                digits[position] = Character(String((digit + 1) % 10))
                #expect(!BusinessNumbers.isCVR(String(digits)), "\(String(digits)), one digit off \(cvr)")
            }
        }
        #expect(BusinessNumbers.cvr("DK 24 25 67 90") == "24256790")
        #expect(BusinessNumbers.cvr("dk-24256790") == "24256790")
        for bad in ["2425679", "242567900", "02425679", "2425679O", "", "DK", "２４２５６７９０"] {
            #expect(BusinessNumbers.cvr(bad) == nil, "\(bad)")
        }
    }

    @Test func realEANNumbersPassAndAChangedOrSwappedDigitFails() {
        // GS1's own example and an ISBN-13, which is an EAN-13.
        for ean in ["4006381333931", "9780306406157"] {
            #expect(BusinessNumbers.isEAN(ean), "\(ean)")
            var changed = Array(ean)
            changed[5] = Character(String((changed[5].wholeNumberValue! + 1) % 10))
            #expect(!BusinessNumbers.isEAN(String(changed)))
        }
        #expect(BusinessNumbers.ean("4006381 333931") == "4006381333931")
        #expect(!BusinessNumbers.isEAN("4006381333932"))
        #expect(!BusinessNumbers.isEAN("400638133393"))
        #expect(BusinessNumbers.ean("40063813339311") == nil)
    }

    @Test func vatIsTwentyFivePercentOfTheSumRoundedOnce() {
        let lines = [
            InvoiceMath.Line(description: "Me, 12 brugere, år", quantity: 12, unitPriceMinor: 39_900),
            InvoiceMath.Line(description: "Opstart", quantity: 1, unitPriceMinor: 1),
        ]
        let totals = InvoiceMath.totals(lines)
        #expect(totals == InvoiceMath.Totals(netMinor: 478_801, vatMinor: 119_700, grossMinor: 598_501))
        #expect(InvoiceMath.vat(onNet: 2) == 1 && InvoiceMath.vat(onNet: 1) == 0 && InvoiceMath.vat(onNet: -2) == -1)
        #expect(totals.negated.grossMinor == -598_501)
        #expect(InvoiceMath.kroner(598_501) == "5.985,01" && InvoiceMath.kroner(-5) == "-0,05")
        #expect(InvoiceMath.kroner(100_000_000) == "1.000.000,00")
        #expect(!InvoiceMath.isValid(.init(description: "x", quantity: 0, unitPriceMinor: 1)))
        #expect(!InvoiceMath.isValid(.init(description: " ", quantity: 1, unitPriceMinor: 1)))
        #expect(!InvoiceMath.isValid(.init(description: "x", quantity: 1, unitPriceMinor: -1)))
        let largest = InvoiceMath.Line(description: "x", quantity: 100_000, unitPriceMinor: 1_000_000_000)
        #expect(InvoiceMath.isValid(largest) && InvoiceMath.totals(Array(repeating: largest, count: 1_000)).grossMinor > 0)
    }
}
