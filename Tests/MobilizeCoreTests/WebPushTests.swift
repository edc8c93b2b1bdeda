import Crypto
import Foundation
import MobilizeCore
import Testing

/// Web Push encryption gives RFC 8291's own example byte for byte (Appendix A); the VAPID token is
/// for the endpoint's origin, expires as asked, and its signature verifies with the key it names.
@Suite struct WebPushTests {
    static func bytes(_ text: String) throws -> Data { try #require(WebPush.data(base64URL: text)) }

    @Test func theRFCsExampleIsEncryptedByteForByte() throws {
        let serverKey = try P256.KeyAgreement.PrivateKey(rawRepresentation: Self.bytes("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
        let body = try WebPush.encrypt(
            Data("When I grow up, I want to be a watermelon".utf8),
            userKey: Self.bytes("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            authSecret: Self.bytes("BTBZMqHH6r4Tts7J_aSIgg"),
            serverKey: serverKey,
            salt: Self.bytes("DGv6ra1nlYgDCS1FRnbzlw")
        )
        #expect(
            WebPush.base64URL(body)
                == "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        )
    }

    @Test func aBadSubscriptionOrALongMessageIsRefused() throws {
        let user = P256.KeyAgreement.PrivateKey().publicKey.x963Representation
        #expect(throws: WebPush.Failure.badSubscription) {
            try WebPush.encrypt(Data("x".utf8), userKey: Data(repeating: 4, count: 65), authSecret: Data(count: 16))
        }
        #expect(throws: WebPush.Failure.badSubscription) {
            try WebPush.encrypt(Data("x".utf8), userKey: user, authSecret: Data(count: 15))
        }
        #expect(throws: WebPush.Failure.tooLong) {
            try WebPush.encrypt(Data(count: 3994), userKey: user, authSecret: Data(count: 16))
        }
        #expect(try WebPush.encrypt(Data(count: 3993), userKey: user, authSecret: Data(count: 16)).count == 4096)
    }

    @Test func theVapidTokenIsForTheOriginAndVerifies() throws {
        let key = P256.Signing.PrivateKey()
        let expires = Date(timeIntervalSince1970: 1_800_000_000)
        let header = try WebPush.vapid(
            endpoint: try #require(URL(string: "https://push.example.net:8443/send/abc?x=1")),
            key: key, subject: "mailto:ops@example.org", expires: expires
        )
        let parts = header.split(separator: " ")
        #expect(parts.count == 3 && parts[0] == "vapid")
        let token = String(parts[1].dropFirst(2).dropLast())
        #expect(String(parts[2].dropFirst(2)) == WebPush.base64URL(key.publicKey.x963Representation))
        let pieces = token.split(separator: ".").map(String.init)
        #expect(pieces.count == 3)
        let claims = try #require(try JSONSerialization.jsonObject(with: Self.bytes(pieces[1])) as? [String: Any])
        #expect(claims["aud"] as? String == "https://push.example.net:8443")
        #expect(claims["exp"] as? Int == 1_800_000_000 && claims["sub"] as? String == "mailto:ops@example.org")
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: Self.bytes(pieces[2]))
        #expect(key.publicKey.isValidSignature(signature, for: Data("\(pieces[0]).\(pieces[1])".utf8)))
    }
}
