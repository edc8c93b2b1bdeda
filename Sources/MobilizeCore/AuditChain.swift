import Crypto
import Foundation

/// The access log is a hash chain: each entry's hash covers the previous entry's hash and a hash
/// of its own content, so changing, inserting or removing an entry breaks every link after it.
/// Erasing a person redacts the content of the entries about them but keeps both hashes, so the
/// chain still verifies without keeping any personal data. The actor enters the hash only as a
/// digest of their id, so erasing an actor removes the id and leaves the entry verifiable.
public enum AuditChain {
    /// The `previous` of the first entry ever written.
    public static let genesis = String(repeating: "0", count: 64)

    public struct Content: Sendable, Equatable {
        public var seq: Int
        public var at: Int
        /// `digest(of:)` of the actor's id.
        public var actorDigest: String
        public var actorRole: String
        public var subjectID: UUID?
        public var action: String
        public var route: String
        public var ip: String?
        public var platform: String?

        public init(
            seq: Int,
            at: Int,
            actorDigest: String,
            actorRole: String,
            subjectID: UUID?,
            action: String,
            route: String,
            ip: String?,
            platform: String?
        ) {
            self.seq = seq
            self.at = at
            self.actorDigest = actorDigest
            self.actorRole = actorRole
            self.subjectID = subjectID
            self.action = action
            self.route = route
            self.ip = ip
            self.platform = platform
        }

        /// Each field is length-prefixed so no two different contents share a canonical form.
        var canonical: String {
            [
                String(seq), String(at), actorDigest, actorRole,
                subjectID?.uuidString.lowercased() ?? "", action, route, ip ?? "", platform ?? "",
            ].map { "\($0.utf8.count):\($0)" }.joined()
        }
    }

    public struct Link: Sendable, Equatable {
        public var seq: Int
        public var previous: String
        public var contentHash: String
        public var hash: String
        /// nil for a redacted entry: only its hashes remain.
        public var content: Content?

        public init(seq: Int, previous: String, contentHash: String, hash: String, content: Content?) {
            self.seq = seq
            self.previous = previous
            self.contentHash = contentHash
            self.hash = hash
            self.content = content
        }
    }

    public static func digest(of id: UUID?) -> String {
        hex(SHA256.hash(data: Data((id?.uuidString.lowercased() ?? "").utf8)))
    }

    public static func contentHash(_ content: Content) -> String {
        hex(SHA256.hash(data: Data(content.canonical.utf8)))
    }

    public static func hash(previous: String, contentHash: String) -> String {
        hex(SHA256.hash(data: Data((previous + contentHash).utf8)))
    }

    public static func link(_ content: Content, after previous: String) -> Link {
        let contentHash = contentHash(content)
        return Link(
            seq: content.seq,
            previous: previous,
            contentHash: contentHash,
            hash: hash(previous: previous, contentHash: contentHash),
            content: content
        )
    }

    /// The sequence number of the first entry that does not verify, or nil when all do. The
    /// chain is checked from its oldest remaining entry: pruning old entries is allowed.
    public static func firstBrokenLink(_ links: some Sequence<Link>) -> Int? {
        var previous: Link?
        for link in links {
            if let previous, link.previous != previous.hash || link.seq != previous.seq + 1 { return link.seq }
            if let content = link.content, contentHash(content) != link.contentHash || content.seq != link.seq {
                return link.seq
            }
            if hash(previous: link.previous, contentHash: link.contentHash) != link.hash { return link.seq }
            previous = link
        }
        return nil
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        Hex.encode(digest)
    }
}
