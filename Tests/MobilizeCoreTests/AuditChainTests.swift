import Foundation
import MobilizeCore
import Testing

/// The keyed chain of the access log: every field counts, redaction keeps it verifiable, entries
/// removed from anywhere (the end too) are found, and without the key it cannot be rebuilt.
@Suite struct AuditChainTests {
    static let key = AuditChain.Key(Data(repeating: 7, count: 32))!

    static func entry(_ n: Int) -> AuditChain.Entry {
        AuditChain.Entry(
            id: UUID(),
            values: [
                .at: String(1_700_000_000 + n), .actor: UUID().uuidString, .actorRole: "planner",
                .subject: UUID().uuidString, .action: "read", .route: "GET /api/v1/users/:userId",
                .ip: "10.0.0.\(n)", .platform: "iOS",
            ]
        )
    }

    static func chain(_ count: Int, key: AuditChain.Key = key) -> [AuditChain.Link] {
        var links: [AuditChain.Link] = []
        var previous = AuditChain.genesis
        for seq in 1...count {
            let link = AuditChain.link(entry(seq), seq: seq, after: previous, key: key)
            links.append(link)
            previous = link.hash
        }
        return links
    }

    static func verdict(_ links: [AuditChain.Link], from start: AuditChain.Anchor = .genesis, end: AuditChain.Anchor)
        -> Int?
    {
        var verifier = AuditChain.Verifier(key: key, from: start)
        verifier.check(links)
        return verifier.finish(at: end)?.seq
    }

    static func end(_ links: [AuditChain.Link]) -> AuditChain.Anchor {
        AuditChain.Anchor(seq: links.last!.seq, hash: links.last!.hash)
    }

    @Test func anUntouchedChainVerifies() {
        let links = Self.chain(20)
        #expect(Self.verdict(links, end: Self.end(links)) == nil)
    }

    @Test func everyFieldCountsTheActorToo() {
        for field in AuditChain.Field.allCases {
            var links = Self.chain(10)
            links[6].entry.values[field] = "someone else"
            #expect(Self.verdict(links, end: Self.end(links)) == 7, "\(field)")
        }
    }

    @Test func removedEntriesAreFoundInTheMiddleAndAtTheEnd() {
        var links = Self.chain(10)
        let end = Self.end(links)
        links.remove(at: 4)
        #expect(Self.verdict(links, end: end) == 5)
        let tail = Array(Self.chain(10).prefix(8))
        #expect(Self.verdict(tail, end: end) == 9, "the last seal holds entry 10")
    }

    @Test func redactedEntriesKeepTheirFieldHashesAndStillVerify() {
        var links = Self.chain(10)
        links[3].entry = AuditChain.redact(links[3].entry, AuditChain.Field.allCases.filter { $0 != .at }, key: Self.key)
        links[5].entry = AuditChain.redact(links[5].entry, [.actor, .ip, .platform], key: Self.key)
        #expect(links[3].entry.values.keys.sorted { $0.rawValue < $1.rawValue } == [.at])
        #expect(Self.verdict(links, end: Self.end(links)) == nil)
        // Redacting without the key (a made-up hash) is found.
        links[7].entry.values[.ip] = nil
        links[7].entry.redacted[.ip] = String(repeating: "a", count: 64)
        #expect(Self.verdict(links, end: Self.end(links)) == 8)
    }

    @Test func aPrunedStartIsCheckedFromWhereItWasPruned() {
        let links = Self.chain(10)
        let pruned = AuditChain.Anchor(seq: 4, hash: links[3].hash)
        #expect(Self.verdict(Array(links.dropFirst(4)), from: pruned, end: Self.end(links)) == nil)
        #expect(Self.verdict(Array(links.dropFirst(6)), from: pruned, end: Self.end(links)) == 5)
    }

    @Test func withoutTheKeyTheChainCannotBeRebuilt() {
        let forged = Self.chain(5, key: AuditChain.Key(Data(repeating: 9, count: 32))!)
        #expect(Self.verdict(forged, end: Self.end(forged)) == 1)
        #expect(AuditChain.Key(Data(repeating: 1, count: 16)) == nil, "a short key is refused")
    }
}
