import Foundation

/// Where a picture from an Internet search may be fetched from: only public addresses. A host that
/// resolves to loopback, a private or link-local network, the cloud metadata address or any other
/// special-purpose block (RFC 6890) is refused, however the name is spelled.
public enum PublicAddress {
    /// Whether an IPv4 or IPv6 address (4 or 16 bytes, network order) is on the public Internet.
    public static func isPublic(_ bytes: [UInt8]) -> Bool {
        switch bytes.count {
        case 4: return isPublicV4(bytes)
        case 16: return isPublicV6(bytes)
        default: return false
        }
    }

    /// Whether a textual IP address is public; false for anything that is not an address.
    public static func isPublic(_ text: String) -> Bool {
        guard let bytes = parse(text) else { return false }
        return isPublic(bytes)
    }

    /// The bytes of a textual IPv4 or IPv6 address (brackets allowed), or nil.
    public static func parse(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let v4 = parseV4(text) { return v4 }
        return parseV6(text)
    }

    private static func isPublicV4(_ b: [UInt8]) -> Bool {
        let (a, c) = (b[0], b[1])
        switch a {
        case 0, 10, 127: return false  // this network, private, loopback
        case 100 where (64...127).contains(c): return false  // shared address space (carrier NAT)
        case 169 where c == 254: return false  // link-local, and the cloud metadata address
        case 172 where (16...31).contains(c): return false  // private
        case 192 where c == 168: return false  // private
        case 192 where c == 0 && (b[2] == 0 || b[2] == 2): return false  // IETF protocol, TEST-NET-1
        case 198 where c == 18 || c == 19: return false  // benchmarking
        case 198 where c == 51 && b[2] == 100: return false  // TEST-NET-2
        case 203 where c == 0 && b[2] == 113: return false  // TEST-NET-3
        case 224...255: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    private static func isPublicV6(_ b: [UInt8]) -> Bool {
        // An IPv4 address written as IPv6 (mapped ::ffff:a.b.c.d, or the old compatible ::a.b.c.d)
        // is judged as the IPv4 address it is.
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { return isPublicV4(Array(b[12...])) }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return false }  // ::, ::1, and IPv4-compatible
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b { return isPublicV4(Array(b[12...])) }  // NAT64
        if b[0] == 0x20, b[1] == 0x02 { return isPublicV4(Array(b[2..<6])) }  // 6to4 carries an IPv4 address
        if b[0] & 0xfe == 0xfc { return false }  // unique local
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return false }  // link-local
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return false }  // site-local (deprecated)
        if b[0] == 0xff { return false }  // multicast
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return false }  // documentation
        if b[0] == 0x01, b[1..<8].allSatisfy({ $0 == 0 }) { return false }  // discard-only
        return b[0] & 0xe0 == 0x20  // global unicast is 2000::/3
    }

    private static func parseV4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseV6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), !text.contains("%") else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var tailV4: [UInt8] = []
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, into out: inout [UInt16], v4: inout [UInt8]) -> Bool {
            guard !part.isEmpty else { return true }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let four = parseV4(String(piece)) else { return false }
                    v4 = four
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return false }
                out.append(value)
            }
            return true
        }
        var ignored: [UInt8] = []
        if halves.count == 2 {
            guard groups(halves[0], into: &head, v4: &ignored), ignored.isEmpty, groups(halves[1], into: &tail, v4: &tailV4)
            else { return nil }
        } else {
            guard groups(halves[0], into: &head, v4: &tailV4) else { return nil }
        }
        let words = head.count + tail.count + tailV4.count / 2
        guard halves.count == 2 ? words <= 7 : words == 8 else { return nil }
        var all = head + Array(repeating: 0, count: 8 - words) + tail
        if tailV4.count == 4 {
            all.append(UInt16(tailV4[0]) << 8 | UInt16(tailV4[1]))
            all.append(UInt16(tailV4[2]) << 8 | UInt16(tailV4[3]))
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}

/// The licences a picture from the Internet may have to be offered: the open ones, which allow
/// use by anyone for any purpose with at most attribution and share-alike (Creative Commons
/// CC0, BY, BY-SA, and the public domain). NonCommercial, NoDerivatives, any other licence, or
/// none stated: not offered.
public enum OpenLicence: String, Sendable, Codable, CaseIterable {
    case cc0, pdm, by, bySA = "by-sa"

    /// How the licence is written under a picture.
    public func name(version: String?) -> String {
        switch self {
        case .cc0: "CC0"
        case .pdm: "Public domain"
        case .by: "CC BY" + (version.map { " \($0)" } ?? "")
        case .bySA: "CC BY-SA" + (version.map { " \($0)" } ?? "")
        }
    }

    /// Openverse's licence codes (`license`: "by-sa", "cc0", "pdm", "by-nc", ...).
    public init?(openverse code: String) {
        self.init(rawValue: code.lowercased())
    }

    /// Wikimedia Commons' short licence names ("CC BY-SA 4.0", "CC0", "Public domain", "GFDL",
    /// "CC BY-NC 2.0", ...), and the version they carry.
    public static func commons(_ shortName: String) -> (licence: OpenLicence, version: String?)? {
        let name = shortName.trimmingCharacters(in: .whitespaces).lowercased()
        if name == "cc0" || name.hasPrefix("cc0 ") || name.hasPrefix("cc-zero") { return (.cc0, nil) }
        if name == "public domain" || name == "pd" || name.hasPrefix("pd-") || name.hasPrefix("public domain ") {
            return (.pdm, nil)
        }
        let words = name.replacingOccurrences(of: "-", with: " ").split(separator: " ").map(String.init)
        guard words.count >= 2, words[0] == "cc", words[1] == "by" else { return nil }
        var rest = Array(words.dropFirst(2))
        var licence = OpenLicence.by
        if rest.first == "sa" {
            licence = .bySA
            rest.removeFirst()
        }
        // A version, and a port's country ("CC BY-SA 3.0 DE"); anything else (NC, ND) is not taken.
        guard rest.count <= 2 else { return nil }
        guard let version = rest.first else { return (licence, nil) }
        guard version.allSatisfy({ $0.isASCIIDigit || $0 == "." }) else { return nil }
        if rest.count == 2 {
            let port = rest[1]
            guard port.count == 2, port.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
            return (licence, "\(version) \(port.uppercased())")
        }
        return (licence, version)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
