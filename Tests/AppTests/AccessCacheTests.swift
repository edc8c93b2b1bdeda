import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Reading requests pass the permission check from memory; nothing read from there is ever
/// older than the last change made through the server.
@Suite struct AccessCacheTests {
    @Test func aRevokedSessionAndARemovedPlannerEndAtOnceAfterCachedReads() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            let token = try await context.client.login("paul@example.org")
            for _ in 0..<3 { #expect(try await context.client.get(child, token: token).status == .ok) }
            let sessions = try await context.client.get("/api/v1/me/sessions", token: fixtures.planner.token)
            let other = try #require(sessions.items.first { ($0["current"] as? Bool) == false && $0["id"] != nil })
            let revoked = try await context.client.send(
                .DELETE,
                "/api/v1/me/sessions/\(other["id"] as? String ?? "")",
                token: fixtures.planner.token
            )
            #expect(revoked.status == .noContent)
            // Whichever of Paul's sessions was revoked, exactly one of the two still works.
            let answers = [
                try await context.client.get(child, token: token).status,
                try await context.client.get(child, token: fixtures.planner.token).status,
            ]
            #expect(answers.filter { $0 == .unauthorized }.count == 1, "\(answers)")
            let stillIn = answers[0] == .ok ? token : fixtures.planner.token

            _ = try await context.client.send(
                .DELETE,
                "\(child)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(try await context.client.get(child, token: stillIn).status == .notFound)
        }
    }

    /// A chat message changes nothing the permission check reads: it passes the check from the
    /// cache and leaves the cache as it is; the planner's removal still ends their sending at once.
    @Test func aMessageLeavesTheCacheAloneAndARemovalStillEndsSendingAtOnce() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = fixtures.teen
            let circle = try #require(try await ChatTests.circle(context, of: teen.id, token: teen.token)["id"] as? String)
            #expect(try await ChatTests.send(context, circle, token: fixtures.planner.token, text: "one").status == .created)
            let generation = context.app.accessCache.currentGeneration
            for text in ["two", "three"] {
                #expect(try await ChatTests.send(context, circle, token: fixtures.planner.token, text: text).status == .created)
            }
            #expect(context.app.accessCache.currentGeneration == generation, "sending emptied the access cache")
            let removed = try await context.client.send(
                .DELETE, "/api/v1/users/\(teen.id)/planners/\(fixtures.planner.id)", token: teen.token
            )
            #expect(removed.status == .noContent)
            #expect(context.app.accessCache.currentGeneration != generation)
            #expect(try await ChatTests.send(context, circle, token: fixtures.planner.token, text: "four").status == .notFound)
        }
    }

    @Test func aChangeMadeElsewhereIsSeenWithinTheCachesLifetime() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let child = "/api/v1/users/\(fixtures.child.id)"
            #expect(try await context.client.get(child, token: fixtures.viewer.token).status == .ok)
            // Another instance (or a command) removes the viewer, behind this server's back.
            try await PlannerLink.query(on: context.app.db).filter(\.$user.$id == fixtures.child.id)
                .filter(\.$planner.$id == fixtures.viewer.id).delete()
            context.clock.advance(by: context.app.accessCache.lifetime)
            #expect(try await context.client.get(child, token: fixtures.viewer.token).status == .notFound)
        }
    }

    @Test func aValueReadDuringAChangeIsNotKept() async throws {
        let cache = AccessCache()
        let now = Date()
        let generation = cache.currentGeneration
        cache.invalidate()  // a change commits while the value is being read
        cache.keep(picture: Picture(), readIn: generation, at: now)
        let picture = Picture()
        picture.id = UUID()
        cache.keep(picture: picture, readIn: generation, at: now)
        #expect(cache.picture(picture.id!, at: now) == nil)
        cache.keep(picture: picture, readIn: cache.currentGeneration, at: now)
        #expect(cache.picture(picture.id!, at: now) != nil)
        #expect(cache.picture(picture.id!, at: now.addingTimeInterval(cache.lifetime)) == nil)
    }

    /// Behind a load balancer: a change on one instance empties the others' caches through
    /// PostgreSQL's LISTEN/NOTIFY.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil))
    func anotherInstancesChangeEmptiesTheCacheThroughPostgreSQL() async throws {
        try await withApp { context in
            let url = try #require(ProcessInfo.processInfo.environment["TEST_DATABASE_URL"])
            let listener = NoticeListener(
                configuration: try SQLPostgresConfiguration(url: url).coreConfiguration,
                channels: Composition.noticeChannels
            )
            listener.start(context.app)
            defer { listener.loop.task?.cancel() }
            for _ in 0..<100 where !listener.loop.isListening(to: AccessCacheNotifier.channel) { try await Task.sleep(for: .milliseconds(50)) }
            #expect(listener.loop.isListening(to: AccessCacheNotifier.channel))
            let picture = Picture()
            picture.id = UUID()
            let cache = context.app.accessCache
            cache.keep(picture: picture, readIn: cache.currentGeneration, at: context.clock.now)
            #expect(cache.picture(picture.id!, at: context.clock.now) != nil)
            // The other instance's notice, sent on its own connection.
            await AccessCacheNotifier(database: { context.app.db }).notify()
            for _ in 0..<100 where cache.picture(picture.id!, at: context.clock.now) != nil {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(cache.picture(picture.id!, at: context.clock.now) == nil)
            await listener.shutdownAsync(context.app)
        }
    }
}
