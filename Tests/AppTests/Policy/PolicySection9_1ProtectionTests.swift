import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Policy 9.1: personal data is kept safe; access is logged; the log cannot be changed unseen.
@Suite struct PolicySection9_1ProtectionTests {
    @Test func everyReadOrChangeByAPlannerIsLoggedForThePerson() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let child = "/api/v1/users/\(fixtures.child.id)"
            _ = try await client.get(child, token: fixtures.planner.token)
            _ = try await client.get("\(child)/planners", token: fixtures.viewer.token)
            _ = try await client.send(.PATCH, child, token: fixtures.guardian.token, json: ["name": "Ida M."])
            _ = try await client.get(child, token: fixtures.child.token)

            let log = try await client.get("\(child)/access-log", token: fixtures.guardian.token)
            let entries = log.items.map { "\($0["actorName"] as? String ?? "?") \($0["action"] as? String ?? "?")" }
            #expect(entries.contains("Paul read"))
            #expect(entries.contains("Vera read planners"))
            #expect(entries.contains("Gina update"))
            #expect(!entries.contains { $0.hasPrefix("Ida") }, "the child's own device is not someone else")
            let read = try #require(log.items.first { $0["actorName"] as? String == "Paul" })
            #expect(read["route"] as? String == "GET /api/v1/users/:userId")
            #expect(read["actorRole"] as? String == "planner")
            #expect(read["at"] as? String != nil)
        }
    }

    /// A screen of pictures read by a planner is one entry, not one per picture; a change is
    /// always its own entry, and the same read later is a new one.
    @Test func repeatedReadsWithinTenMinutesAreOneEntry() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let entries = {
                try await AccessLogEntry.query(on: context.app.db).filter(\.$subject.$id == fixtures.child.id).count()
            }
            let before = try await entries()
            for _ in 0..<5 {
                _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            }
            #expect(try await entries() == before + 1)
            _ = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)/planners",
                token: fixtures.planner.token
            )
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.viewer.token)
            #expect(try await entries() == before + 3, "another kind of read, another person")
            for name in ["Ida", "Ida B."] {
                _ = try await context.client.send(
                    .PATCH,
                    "/api/v1/users/\(fixtures.child.id)",
                    token: fixtures.guardian.token,
                    json: ["name": name]
                )
            }
            #expect(try await entries() == before + 5, "every change")
            context.clock.advance(by: 601)
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            #expect(try await entries() == before + 6)
        }
    }

    @Test func aChangedEntryIsFoundByTheVerifier() async throws {
        try await withApp { context in
            context.app.readCoalescing = ReadCoalescing(window: 0)  // every read its own entry
            let fixtures = try await Fixtures.make(context)
            for _ in 0..<5 {
                _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            }
            #expect(try await context.app.accessLogBreak() == nil)
            let third = try #require(try await AccessLogEntry.query(on: context.app.db).filter(\.$seq == 3).first())
            third.action = "nothing to see"
            try await third.update(on: context.app.db)
            #expect(try await context.app.accessLogBreak() == 3)
        }
    }

    @Test func whoActedIsPartOfTheChain() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            #expect(try await context.app.accessLogBreak() == nil)
            let entry = try #require(
                try await AccessLogEntry.query(on: context.app.db).filter(\.$actor.$id == fixtures.planner.id).first()
            )
            entry.$actor.id = fixtures.guardian.id
            try await entry.update(on: context.app.db)
            #expect(try await context.app.accessLogBreak() == entry.seq)
        }
    }

    @Test func aRemovedEntryIsFoundByTheVerifierTheNewestToo() async throws {
        try await withApp { context in
            context.app.readCoalescing = ReadCoalescing(window: 0)  // every read its own entry
            let fixtures = try await Fixtures.make(context)
            for _ in 0..<5 {
                _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            }
            #expect(try await context.app.accessLogBreak() == nil)
            try await AccessLogEntry.query(on: context.app.db).filter(\.$seq == 2).delete()
            #expect(try await context.app.accessLogBreak() == 2)
            let newest = try #require(try await AccessLogEntry.query(on: context.app.db).sort(\.$seq, .descending).first())
            try await AccessLogEntry.query(on: context.app.db).filter(\.$seq >= 2).delete()
            #expect(try await context.app.accessLogBreak() == 2, "the last seal holds entry \(newest.seq ?? 0)")
        }
    }

    @Test func aSealOrAChainMadeWithoutTheKeyIsFound() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            #expect(try await context.app.accessLogBreak() == nil)
            // Someone with the database alone rebuilds the chain with a key of their own.
            let forger = try #require(AuditChain.Key(Data(repeating: 3, count: 32)))
            try await AccessLogSeal.query(on: context.app.db).delete()
            try await AccessLogEntry.query(on: context.app.db).set(\.$seq, to: nil).set(\.$hash, to: nil)
                .set(\.$previousHash, to: nil).update()
            try await AccessLog(db: context.app.db, key: forger).sealAll(at: context.clock.now)
            #expect(try await context.app.accessLog.verify().broken != nil)
        }
    }

    @Test func concurrentAppendsKeepOneUnbrokenChain() async throws {
        try await withApp { context in
            context.app.readCoalescing = ReadCoalescing(window: 0)  // every read its own entry
            let fixtures = try await Fixtures.make(context)
            let before = try await AccessLogEntry.query(on: context.app.db).count()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let reply = try await context.client.get(
                            "/api/v1/users/\(fixtures.child.id)",
                            token: fixtures.planner.token
                        )
                        #expect(reply.status == .ok)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AccessLogEntry.query(on: context.app.db).count() == before + 40)
            #expect(try await context.app.accessLogBreak() == nil)
        }
    }

    @Test func sixtyFourClientsReadingThroughTwoInstancesKeepOneVerifiableChain() async throws {
        try await withApp { context in
            context.app.readCoalescing = ReadCoalescing(window: 0)  // every read its own entry
            let fixtures = try await Fixtures.make(context)
            let before = try await AccessLogEntry.query(on: context.app.db).count()
            try await withSecondInstance(of: context) { other in
                other.readCoalescing = ReadCoalescing(window: 0)
                let instances = [context.client, TestClient(app: other)]
                let path = "/api/v1/users/\(fixtures.child.id)/plan?from=2026-11-16&to=2026-11-22"
                let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                    for client in 0..<64 {
                        group.addTask {
                            var failed = 0
                            for read in 0..<10 {
                                let reply = try await instances[(client + read) % 2].get(path, token: fixtures.planner.token)
                                if reply.status != .ok { failed += 1 }
                            }
                            return failed
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(failures == 0)
                // Both instances seal at once: the lease lets one at a time, and no entry is sealed twice.
                async let first: Void = context.app.accessLog.sealAll(at: context.clock.now)
                async let second: Void = other.accessLog.sealAll(at: context.clock.now)
                _ = try await (first, second)
            }
            #expect(try await AccessLogEntry.query(on: context.app.db).count() == before + 640)
            #expect(try await context.app.accessLogBreak() == nil)
        }
    }

    @Test func erasingAPersonRedactsTheirEntriesAndTheChainStillVerifies() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for _ in 0..<3 {
                _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            }
            _ = try await context.client.get("/api/v1/users/\(fixtures.teen.id)", token: fixtures.planner.token)
            // Some sealed before the erasure, some not yet.
            _ = try await context.app.accessLog.sealBatch(2, at: context.clock.now)
            let log = context.app.accessLog
            let aboutChild = try await AccessLogEntry.query(on: context.app.db).filter(
                \.$subject.$id == fixtures.child.id
            ).count()
            try await log.redact(people: [fixtures.child.id, fixtures.planner.id])
            #expect(try await context.app.accessLogBreak() == nil)
            let rows = try await AccessLogEntry.query(on: context.app.db).all()
            #expect(rows.allSatisfy { $0.$subject.id != fixtures.child.id && $0.$actor.id != fixtures.planner.id })
            #expect(rows.filter { $0.$subject.id == nil && $0.isRedacted }.count == aboutChild)
            #expect(rows.filter { $0.$subject.id == nil }.allSatisfy { $0.ip == nil && $0.route == nil && $0.action == nil })
            let teens = rows.filter { $0.$subject.id == fixtures.teen.id }
            #expect(!teens.isEmpty && teens.allSatisfy { $0.$actor.id == nil && $0.ip == nil }, "the teen keeps their entry, without the actor")
            #expect(teens.allSatisfy { $0.redacted.keys.sorted { $0.rawValue < $1.rawValue } == [.actor, .ip, .platform] })
        }
    }

    @Test func theAuditCommandReportsTheFirstBrokenLink() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            for _ in 0..<3 {
                _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            }
            let count = try await AccessLogEntry.query(on: context.app.db).count()
            let intact = try await AuditVerifyCommand.report(on: context.app)
            #expect(intact == "Access log: \(count) entries, intact.")
            let second = try #require(try await AccessLogEntry.query(on: context.app.db).filter(\.$seq == 2).first())
            second.ip = "10.9.9.9"
            try await second.update(on: context.app.db)
            #expect(try await AuditVerifyCommand.report(on: context.app).contains("broken at entry 2"))
        }
    }

    @Test func aBreachNotifiesEveryoneAffectedAndTheGuardiansOfChildren() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let start = context.clock.now
            context.clock.advance(by: 3600)
            _ = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.planner.token)
            context.clock.advance(by: 3600)
            let result = try await BreachNotifier(app: context.app).notify(
                window: start...context.clock.now,
                reason: "A backup copy was readable by a wrong account for two hours."
            )
            #expect(result.people >= 2)
            let sent = await context.mailer.sent
            let aboutIda = sent.filter { $0.subject.contains("Ida") }
            #expect(Set(aboutIda.map(\.to)) == ["gina@example.org"], "Ida's guardian, in English")
            #expect(aboutIda.first?.body.contains("backup copy") == true)
            #expect(
                sent.contains { $0.to == "paul@example.org" && $0.subject.contains("Paul") },
                "Paul's session was in use"
            )
            let notices = try await BreachNotice.query(on: context.app.db).all()
            #expect(notices.count == result.mails)
            #expect(
                notices.contains { $0.$subject.id == fixtures.child.id && $0.$recipient.id == fixtures.guardian.id }
            )
            let outside = try await BreachNotifier(app: context.app).notify(
                window: start.addingTimeInterval(-86_400 * 30)...start.addingTimeInterval(-86_400 * 29),
                reason: "x"
            )
            #expect(outside.people == 0)
        }
    }
}
