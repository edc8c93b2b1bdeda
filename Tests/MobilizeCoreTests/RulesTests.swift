import Foundation
import MobilizeCore
import Testing

@Suite struct RulesTests {
    @Test(arguments: ["a@b.dk", "mette.hansen+plan@example.com", "x@sub.example.org"])
    func validEmailsPass(email: String) {
        #expect(Rules.isEmail(email))
    }

    @Test(arguments: ["", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@.example.com", "a@example..com"])
    func invalidEmailsFail(email: String) {
        #expect(!Rules.isEmail(email))
    }

    @Test func passwordsAreEightToOneHundredTwentyEightCharacters() throws {
        for (password, valid) in [
            ("1234567", false), ("12345678", true), (String(repeating: "x", count: 128), true),
            (String(repeating: "x", count: 129), false),
        ] {
            var validator = Validator()
            validator.password(password)
            #expect(validator.errors.isEmpty == valid, "length \(password.count)")
        }
    }

    @Test func aValidatorReportsEveryFieldAtOnce() {
        var validator = Validator()
        validator.email("nope")
        validator.password("short")
        validator.name("   ")
        validator.timeZone("Mars/Olympus")
        validator.birthYear(1800, currentYear: 2026)
        #expect(validator.errors.map(\.field) == ["email", "password", "name", "timeZone", "birthYear"])
        #expect(throws: DomainError.self) { try validator.check() }
    }

    @Test func lengthsCountCodePointsAsTheSchemaDoes() {
        // Fifty letters each with two combining marks: 50 characters on screen, 150 code points.
        let zalgo = String(repeating: "e\u{0301}\u{0316}", count: 50)
        #expect(zalgo.count == 50 && Rules.length(zalgo) == 150)
        var validator = Validator()
        validator.name(zalgo)
        #expect(validator.errors.map(\.field) == ["name"])
        validator = Validator()
        validator.name(String(repeating: "e\u{0301}", count: 50))
        #expect(validator.errors.isEmpty)
    }

    @Test func timeZonesAreIANANames() {
        #expect(Rules.isTimeZone("Europe/Copenhagen"))
        #expect(Rules.isTimeZone("America/New_York"))
        #expect(!Rules.isTimeZone("CET+1"))
        #expect(!Rules.isTimeZone("Europe/Atlantis"))
    }

    @Test func emailsCompareWithoutCaseAndSpace() {
        #expect(Rules.normalizedEmail("  Mette@Example.COM ") == "mette@example.com")
    }

    @Test func pairingCodesAreTypedForgivingly() {
        #expect(PairingCodeFormat.normalize("abcd-efgh") == "ABCDEFGH")
        #expect(PairingCodeFormat.normalize("AB CD EF GH") == "ABCDEFGH")
        #expect(PairingCodeFormat.normalize("ABCD-EFG0") == nil, "0 is not in the alphabet")
        #expect(PairingCodeFormat.normalize("ABC") == nil)
        var generator = SystemRandomNumberGenerator()
        let code = PairingCodeFormat.generate(using: &generator)
        #expect(PairingCodeFormat.normalize(PairingCodeFormat.display(code)) == code)
    }

    @Test func theUserAgentNamesPlatformAndBrowser() {
        let iPad = UserAgent(
            header:
                "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
        )
        #expect(iPad == UserAgent(platform: "iPadOS", browser: "Safari"))
        let android = UserAgent(
            header: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
        )
        #expect(android == UserAgent(platform: "Android", browser: "Chrome"))
        let edge = UserAgent(header: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36 Edg/120.0")
        #expect(edge == UserAgent(platform: "Windows", browser: "Edge"))
        #expect(UserAgent(header: nil) == UserAgent(platform: nil, browser: nil))
    }

    @Test func aThrottleLetsAFewTriesThroughThenDoublesTheWaitUpToItsCap() {
        let rule = Throttle(free: 5, base: 1, cap: 900, forgetAfter: 86_400)
        #expect((0...4).map(rule.delay(after:)) == [0, 0, 0, 0, 0])
        #expect((5...9).map(rule.delay(after:)) == [1, 2, 4, 8, 16])
        #expect(rule.delay(after: 14) == 512 && rule.delay(after: 15) == 900 && rule.delay(after: 500) == 900)
        #expect(rule.steps == 5...14)
    }

    @Test func languageFollowsTheBrowser() {
        #expect(Language.preferred(from: "da-DK,da;q=0.9,en;q=0.8") == .da)
        #expect(Language.preferred(from: "de-DE,en;q=0.5") == .en)
        #expect(Language.preferred(from: nil) == .en)
    }
}
