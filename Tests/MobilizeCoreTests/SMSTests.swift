import Foundation
import MobilizeCore
import Testing

@Suite struct SMSRulesTests {
    @Test func numbersAreReadAsE164() {
        #expect(SMS.normalized("12 34 56 78") == "+4512345678")
        #expect(SMS.normalized("0046 70-123 45 67") == "+46701234567")
        #expect(SMS.normalized("+45 (12) 34.56.78") == "+4512345678")
        for bad in ["", "abc", "+0123456789", "1234", "+12345678901234567", "+45１２３４５６７８"] {
            #expect(SMS.normalized(bad) == nil, "\(bad)")
        }
    }

    @Test func theTemplateCannotBeBrokenByAValue() throws {
        let json = SMS.render(
            template: #"{"to":"{{to}}","text":"{{text}}","from":"{{from}}"}"#, to: "+4512345678",
            text: "Say \"hi\"\\\n\u{1}", from: "Mobilize", encoding: .json
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object == ["to": "+4512345678", "text": "Say \"hi\"\\\n\u{1}", "from": "Mobilize"])
        let form = SMS.render(template: "to={{to}}&text={{text}}", to: "+45 1", text: "a&b=c æ", from: "", encoding: .form)
        #expect(form == "to=%2B45%201&text=a%26b%3Dc%20%C3%A6")
    }

    @Test func codesAreSixDigits() {
        for _ in 0..<50 {
            let code = SMS.Code.make()
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        }
    }
}
