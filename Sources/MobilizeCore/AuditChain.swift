import Crypto
import Foundation

/// The access log is a keyed hash chain. Entries are written without any shared state (no row
/// that every read must update); a sealing job then gives them their place in the chain: each
/// link is an HMAC, with a server secret, of the previous link, its position and the entry's
/// content, so someone with the database alone can neither change an entry nor rebuild the chain
/// after changing it.
///
/// Every field enters the content as an HMAC of its own. Erasing a person removes the values
/// about them and keeps those field hashes, so the chain still verifies without any personal
/// data. Each seal records the newest link; verification compares the chain's end with it, so
/// entries deleted from the end are found too.
public enum AuditChain {
    /// The `previous` of the first entry ever sealed.
    public static let genesis = String(repeating: "0", count: 64)

    /// The fields of an entry, in the order they enter its content.
    public enum Field: String, CaseIterable, Sendable, Codable {
        case at, actor, actorRole, subject, action, route, ip, platform
    }

    /// One entry as stored: its id, the values it still has, and the hashes of those removed.
    public struct Entry: Sendable, Equatable {
        public var id: UUID
        public var values: [Field: String]
        public var redacted: [Field: String]

        public init(id: UUID, values: [Field: String], redacted: [Field: String] = [:]) {
            self.id = id
            self.values = values
            self.redacted = redacted
        }
    }

    /// A sealed entry: its place in the chain and its link.
    public struct Link: Sendable, Equatable {
        public var seq: Int
        public var previous: String
        public var hash: String
        public var entry: Entry

        public init(seq: Int, previous: String, hash: String, entry: Entry) {
            self.seq = seq
            self.previous = previous
            self.hash = hash
            self.entry = entry
        }
    }

    /// A point of the chain that verification starts from (genesis, or where old entries were
    /// pruned) or must end at (the last seal).
    public struct Anchor: Sendable, Equatable {
        public var seq: Int
        public var hash: String

        public init(seq: Int, hash: String) {
            self.seq = seq
            self.hash = hash
        }

        public static let genesis = Anchor(seq: 0, hash: AuditChain.genesis)
    }

    /// The secret the chain is keyed with (at least 32 bytes).
    public struct Key: Sendable {
        let key: SymmetricKey

        public init?(_ bytes: Data) {
            guard bytes.count >= 32 else { return nil }
            key = SymmetricKey(data: bytes)
        }

        func mac(_ text: String) -> String {
            Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
        }
    }

    /// The hash a field keeps when its value is removed. An absent value hashes differently from
    /// any present one.
    public static func fieldHash(_ field: Field, _ value: String?, key: Key) -> String {
        key.mac("field\u{1F}\(field.rawValue)\u{1F}" + (value.map { "=" + $0 } ?? "-"))
    }

    /// Removes `fields` from the entry, keeping their hashes.
    public static func redact(_ entry: Entry, _ fields: some Sequence<Field>, key: Key) -> Entry {
        var entry = entry
        for field in fields where entry.redacted[field] == nil {
            entry.redacted[field] = fieldHash(field, entry.values[field], key: key)
            entry.values[field] = nil
        }
        return entry
    }

    public static func contentHash(_ entry: Entry, key: Key) -> String {
        let parts = Field.allCases.map { entry.redacted[$0] ?? fieldHash($0, entry.values[$0], key: key) }
        return key.mac("entry\u{1F}\(entry.id.uuidString.lowercased())\u{1F}" + parts.joined(separator: "\u{1F}"))
    }

    /// The link of `entry` at `seq` after the link `previous`.
    public static func link(_ entry: Entry, seq: Int, after previous: String, key: Key) -> Link {
        let hash = key.mac("link\u{1F}\(seq)\u{1F}\(previous)\u{1F}" + contentHash(entry, key: key))
        return Link(seq: seq, previous: previous, hash: hash, entry: entry)
    }

    /// The mark a seal (or a pruning) carries, so that it cannot be written without the key.
    public static func sealMark(kind: String, _ anchor: Anchor, key: Key) -> String {
        key.mac("\(kind)\u{1F}\(anchor.seq)\u{1F}\(anchor.hash)")
    }

    /// Walks the chain in order of `seq`, checking each link against the one before it (or `start`),
    /// and the end against `end`. Feed it batch by batch; `finish` gives the verdict.
    public struct Verifier: Sendable {
        let key: Key
        private var last: Anchor
        public private(set) var checked = 0
        public private(set) var broken: (seq: Int, reason: String)?

        public init(key: Key, from start: Anchor) {
            self.key = key
            self.last = start
        }

        public mutating func check(_ links: some Sequence<Link>) {
            guard broken == nil else { return }
            for link in links {
                if link.seq != last.seq + 1 {
                    broken = (last.seq + 1, "is missing")
                    return
                }
                if link.previous != last.hash {
                    broken = (link.seq, "does not follow the entry before it")
                    return
                }
                if AuditChain.link(link.entry, seq: link.seq, after: link.previous, key: key).hash != link.hash {
                    broken = (link.seq, "was changed")
                    return
                }
                last = Anchor(seq: link.seq, hash: link.hash)
                checked += 1
            }
        }

        /// Nil when intact up to `end`; otherwise the first broken place and why.
        public mutating func finish(at end: Anchor) -> (seq: Int, reason: String)? {
            if let broken { return broken }
            if last.seq < end.seq { return (last.seq + 1, "is missing: the last seal holds entry \(end.seq)") }
            if last != end { return (end.seq, "does not match the last seal") }
            return nil
        }
    }
}
