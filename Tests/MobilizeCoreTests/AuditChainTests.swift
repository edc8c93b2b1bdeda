import Foundation
import MobilizeCore
import Testing

@Suite struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditChain.Link] {
        var links: [AuditChain.Link] = []
        var previous = AuditChain.genesis
        for seq in 1...count {
            let content = AuditChain.Content(
                seq: seq,
                at: 1_700_000_000 + seq,
                actorDigest: AuditChain.digest(of: UUID()),
                actorRole: "planner",
                subjectID: UUID(),
                action: "read",
                route: "GET /api/v1/users/:userId",
                ip: "10.0.0.\(seq)",
                platform: "iOS"
            )
            let link = AuditChain.link(content, after: previous)
            links.append(link)
            previous = link.hash
        }
        return links
    }

    @Test func anUntouchedChainVerifies() {
        #expect(AuditChain.firstBrokenLink(Self.chain(20)) == nil)
    }

    @Test func aChangedEntryIsFound() {
        var links = Self.chain(20)
        links[7].content?.action = "update"
        #expect(AuditChain.firstBrokenLink(links) == 8)
    }

    @Test func aRemovedEntryIsFound() {
        var links = Self.chain(20)
        links.remove(at: 12)
        #expect(AuditChain.firstBrokenLink(links) == 14)
    }

    @Test func aRewrittenHashIsFound() {
        var links = Self.chain(10)
        let forged = AuditChain.link(links[4].content!, after: "f" + AuditChain.genesis.dropFirst())
        links[4] = forged
        #expect(AuditChain.firstBrokenLink(links) == 5)
    }

    @Test func redactedAndPrunedEntriesStillVerify() {
        var links = Self.chain(20)
        links[3].content = nil
        links[9].content = nil
        #expect(AuditChain.firstBrokenLink(links.dropFirst(5)) == nil)
        #expect(AuditChain.firstBrokenLink(links) == nil)
    }
}
