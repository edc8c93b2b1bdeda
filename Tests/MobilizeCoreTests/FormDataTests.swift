import Foundation
import Testing

@testable import MobilizeCore

@Suite struct FormDataTests {
    @Test func readsNamedFieldsAndFiles() throws {
        let body = Data(
            ("preamble\r\n--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMorgen\r\n"
                + "--xyz\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u{0}\u{1}\r\n--\u{2}\r\n--xyz--\r\nepilogue").utf8
        )
        let form = try FormData(parsing: body, boundary: "xyz")
        #expect(form.parts.map(\.name) == ["title", "file"])
        #expect(form.part(named: "title")?.body == Data("Morgen".utf8))
        let file = try #require(form.part(named: "file"))
        #expect(file.filename == "a \"b\".jpg")
        #expect(file.contentType == "image/jpeg")
        #expect(file.body == Data("\u{0}\u{1}\r\n--\u{2}".utf8))
    }

    @Test func findsTheBoundaryInTheContentType() {
        #expect(FormData.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(FormData.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(FormData.boundary(contentType: "multipart/form-data") == nil)
        #expect(FormData.boundary(contentType: "multipart/mixed; boundary=abc") == nil)
        #expect(
            FormData.boundary(contentType: "multipart/form-data; boundary=\(String(repeating: "a", count: 71))") == nil
        )
        #expect(FormData.boundary(contentType: "multipart/form-data; boundary=a\u{7F}") == nil)
    }

    @Test(arguments: [
        "--b\r\n.\u{B6}\u{53BC1}\u{9C}--b--\r\n",
        "--b\r\nFalse--b--\r\n",
        "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end",
        "--b\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n--b--",
        "--b\r\n\u{E9}: x\r\n\r\nx\r\n--b--",
        "--b",
        "",
    ])
    func refusesMalformedBodies(body: String) {
        #expect(throws: FormData.Malformed.self) { try FormData(parsing: Data(body.utf8), boundary: "b") }
    }

    /// Random mutations of a valid body never trap: each is either read or refused.
    @Test func survivesRandomMutations() {
        let valid = Array(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\nContent-Type: image/png\r\n\r\nDATA\r\n--b--\r\n"
                .utf8
        )
        var generator = SplitMix(seed: 7)
        for _ in 0..<5000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            _ = try? FormData(parsing: Data(bytes), boundary: "b")
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
