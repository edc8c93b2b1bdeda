import Crypto
import Foundation

/// Web Push as the standards have it: the message encrypted for the browser's subscription
/// (RFC 8291, the `aes128gcm` content coding of RFC 8188), and the server identified to the push
/// service by a signed token (VAPID, RFC 8292).
public enum WebPush {
    public enum Failure: Error, Equatable {
        /// The subscription's key is no P-256 point, or its secret is not 16 bytes.
        case badSubscription
        /// More than one record holds (a push message is at most 4,096 bytes).
        case tooLong
    }

    /// The largest message a push service must accept, and so the one record.
    public static let recordSize = 4096

    /// Encrypts `plaintext` for a subscription: `userKey` its `p256dh` (65 bytes, uncompressed),
    /// `authSecret` its `auth` (16 bytes). A new key pair and salt for each message unless given
    /// (the tests give the RFC's).
    public static func encrypt(
        _ plaintext: Data,
        userKey: Data,
        authSecret: Data,
        serverKey: P256.KeyAgreement.PrivateKey = .init(),
        salt: Data = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })
    ) throws -> Data {
        guard authSecret.count == 16, salt.count == 16,
            let user = try? P256.KeyAgreement.PublicKey(x963Representation: userKey)
        else { throw Failure.badSubscription }
        // One record: the message, its delimiter (2: the last record), the tag.
        guard plaintext.count + 1 + 16 <= recordSize - 86 else { throw Failure.tooLong }
        let serverPublic = serverKey.publicKey.x963Representation
        let shared = try serverKey.sharedSecretFromKeyAgreement(with: user)
        let ecdh = shared.withUnsafeBytes { Data($0) }
        // RFC 8291 section 3.4: the input keying material from the shared secret and the auth secret.
        let keyInfo = Data("WebPush: info".utf8) + [0] + userKey + serverPublic
        let ikm = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: ecdh), salt: authSecret, info: keyInfo, outputByteCount: 32
        )
        // RFC 8188 section 2.2 and 2.3: the content encryption key and the nonce.
        let cek = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16
        )
        let nonce = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12
        )
        let sealed = try AES.GCM.seal(
            plaintext + [2],
            using: cek,
            nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) })
        )
        let size = UInt32(recordSize)
        let header =
            salt + [UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
            + [UInt8(serverPublic.count)] + serverPublic
        return header + sealed.ciphertext + sealed.tag
    }

    /// The `Authorization` header value that identifies this server to a push service (RFC 8292):
    /// `vapid t=<JWT>, k=<public key>`, the token for the endpoint's origin until `expires` (at
    /// most 24 hours ahead), with `subject` (a `mailto:` or `https:` contact).
    public static func vapid(
        endpoint: URL,
        key: P256.Signing.PrivateKey,
        subject: String,
        expires: Date
    ) throws -> String {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { throw Failure.badSubscription }
        let origin = "\(scheme)://\(host)" + (endpoint.port.map { ":\($0)" } ?? "")
        let header = base64URL(Data(#"{"typ":"JWT","alg":"ES256"}"#.utf8))
        let claims = try JSONSerialization.data(
            withJSONObject: ["aud": origin, "exp": Int(expires.timeIntervalSince1970), "sub": subject],
            options: [.sortedKeys, .withoutEscapingSlashes]
        )
        let signingInput = header + "." + base64URL(claims)
        let signature = try key.signature(for: Data(signingInput.utf8)).rawRepresentation
        return "vapid t=\(signingInput).\(base64URL(signature)), k=\(base64URL(key.publicKey.x963Representation))"
    }

    /// The push services browsers use; a server sends to these alone (`PUSH_SERVICES`).
    public static let knownServices = [
        "fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com",
    ]

    /// Whether a subscription's endpoint is at one of `services`: over `https` (on the usual port)
    /// at a host that is one of them or under one; or at an origin named whole with its scheme
    /// (`http://127.0.0.1` for a push service on this machine, in tests and closed networks).
    public static func isAllowed(endpoint: URL, services: [String]) -> Bool {
        guard let scheme = endpoint.scheme?.lowercased(), let host = endpoint.host?.lowercased(), endpoint.user == nil,
            endpoint.password == nil
        else { return false }
        for service in services.map({ $0.lowercased() }) {
            if let origin = URL(string: service), let originScheme = origin.scheme, let originHost = origin.host {
                if scheme == originScheme, host == originHost, origin.port == nil || origin.port == endpoint.port { return true }
            } else if scheme == "https", endpoint.port == nil || endpoint.port == 443, host == service || host.hasSuffix("." + service) {
                return true
            }
        }
        return false
    }

    /// A subscription's keys as a browser gives them: a P-256 point of 65 bytes, a secret of 16.
    public static func isValid(p256dh: String, auth: String) -> Bool {
        guard let key = data(base64URL: p256dh), let secret = data(base64URL: auth), secret.count == 16 else { return false }
        return (try? P256.KeyAgreement.PublicKey(x963Representation: key)) != nil
    }

    /// Base64url without padding, as Web Push writes keys and tokens.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
