import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import Vapor

/// What reading requests (GET, HEAD) need to pass the permission check, kept in memory for a few
/// seconds: the session of a token, how one person stands to another, and the rows features check
/// access by (a picture's row, by the feature's own key). A device showing a day of pictures then
/// costs no database round trip per picture.
///
/// Nothing here is ever stale after a change made through this server: every request that may
/// change something (any other method), and every privacy job, empties the cache when it is
/// done, before its answer leaves. An entry read from the database while a change was under way
/// is not kept (its generation no longer matches). Changes made elsewhere (another instance, a
/// command) are seen within `lifetime`; with PostgreSQL, instances also tell each other at once
/// (`AccessCacheNotifier`).
///
/// The cached models are shared by concurrent requests and must be treated as read-only: requests
/// that write get their own rows from the database (they never use the cache).
final class AccessCache: @unchecked Sendable {
    struct Pair: Hashable {
        let actor: UUID
        let subject: UUID
    }

    private struct Entry<Value> {
        let generation: UInt64
        let storedAt: Date
        let value: Value
    }

    let lifetime: TimeInterval
    /// Derived values (a week's plan) live longer: they are rebuilt from rows whose changes empty the
    /// cache anyway, and rebuilding them all at once every few seconds would stall the readers.
    let derivedLifetime: TimeInterval
    private let lock = NIOLock()
    private var generation: UInt64 = 0
    private var sessions: [String: Entry<AuthSession>] = [:]
    private var relationships: [Pair: Entry<(Relationship, User?)>] = [:]
    /// Rows features check access by, by their own keys; as short-lived as sessions.
    private var rows: [AnyHashable: Entry<any Sendable>] = [:]
    /// Values derived from those rows by features (a user's plan of a week), by their own keys.
    private var derived: [AnyHashable: Entry<any Sendable>] = [:]
    private static let maxEntries = 20_000
    /// When entries past their lifetime are next let go (each kept one holds its rows).
    private var nextSweep = Date.distantPast

    init(lifetime: TimeInterval = 5, derivedLifetime: TimeInterval = 60) {
        self.lifetime = lifetime
        self.derivedLifetime = derivedLifetime
    }

    /// Forgets everything: something may have changed.
    func invalidate() {
        lock.withLock {
            generation &+= 1
            sessions.removeAll(keepingCapacity: true)
            relationships.removeAll(keepingCapacity: true)
            rows.removeAll(keepingCapacity: true)
            derived.removeAll(keepingCapacity: true)
        }
    }

    /// Taken before reading the database; a value read is kept only if nothing changed meanwhile.
    var currentGeneration: UInt64 { lock.withLock { generation } }

    func session(_ tokenHash: String, at now: Date) -> AuthSession? {
        lock.withLock { fresh(sessions[tokenHash], at: now) }
    }

    func keep(session: AuthSession, for tokenHash: String, readIn generation: UInt64, at now: Date) {
        lock.withLock {
            guard generation == self.generation else { return }
            sweep(at: now)
            if sessions.count >= Self.maxEntries { sessions.removeAll(keepingCapacity: true) }
            sessions[tokenHash] = Entry(generation: generation, storedAt: now, value: session)
        }
    }

    func forget(session tokenHash: String) {
        lock.withLock { _ = sessions.removeValue(forKey: tokenHash) }
    }

    func relationship(_ pair: Pair, at now: Date) -> (Relationship, User?)? {
        lock.withLock { fresh(relationships[pair], at: now) }
    }

    func keep(relationship: Relationship, subject: User?, for pair: Pair, readIn generation: UInt64, at now: Date) {
        lock.withLock {
            guard generation == self.generation else { return }
            if relationships.count >= Self.maxEntries { relationships.removeAll(keepingCapacity: true) }
            relationships[pair] = Entry(generation: generation, storedAt: now, value: (relationship, subject))
        }
    }

    func forget(subject: UUID) {
        lock.withLock { relationships = relationships.filter { $0.key.subject != subject } }
    }

    func row<Value: Sendable>(_ key: AnyHashable, as type: Value.Type, at now: Date) -> Value? {
        lock.withLock { fresh(rows[key], at: now) as? Value }
    }

    func keep(row value: any Sendable, for key: AnyHashable, readIn generation: UInt64, at now: Date) {
        lock.withLock {
            guard generation == self.generation else { return }
            if rows.count >= Self.maxEntries { rows.removeAll(keepingCapacity: true) }
            rows[key] = Entry(generation: generation, storedAt: now, value: value)
        }
    }

    func derived<Value: Sendable>(_ key: AnyHashable, as type: Value.Type, at now: Date) -> Value? {
        lock.withLock { fresh(derived[key], at: now, lifetime: derivedLifetime) as? Value }
    }

    func keep(derived value: any Sendable, for key: AnyHashable, readIn generation: UInt64, at now: Date) {
        lock.withLock {
            guard generation == self.generation else { return }
            if derived.count >= Self.maxEntries { derived.removeAll(keepingCapacity: true) }
            derived[key] = Entry(generation: generation, storedAt: now, value: value)
        }
    }

    /// A value derived from rows (a week's plan, a goal overview): the one kept, or `make`'s,
    /// kept unless something changed while it was made.
    func derived<Value: Sendable>(_ key: AnyHashable, at now: Date, make: () async throws -> Value) async rethrows -> Value {
        if let cached = derived(key, as: Value.self, at: now) { return cached }
        let generation = currentGeneration
        let made = try await make()
        keep(derived: made, for: key, readIn: generation, at: now)
        return made
    }

    /// Lets go of the entries past their lifetime, once a lifetime (the lock is held).
    private func sweep(at now: Date) {
        guard now >= nextSweep else { return }
        nextSweep = now.addingTimeInterval(lifetime)
        let expired = { (storedAt: Date, lifetime: TimeInterval) in abs(now.timeIntervalSince(storedAt)) >= lifetime }
        sessions = sessions.filter { !expired($0.value.storedAt, lifetime) }
        relationships = relationships.filter { !expired($0.value.storedAt, lifetime) }
        rows = rows.filter { !expired($0.value.storedAt, lifetime) }
        derived = derived.filter { !expired($0.value.storedAt, derivedLifetime) }
    }

    private func fresh<Value>(_ entry: Entry<Value>?, at now: Date, lifetime: TimeInterval? = nil) -> Value? {
        guard let entry, entry.generation == generation,
            abs(now.timeIntervalSince(entry.storedAt)) < (lifetime ?? self.lifetime)
        else {
            return nil
        }
        return entry.value
    }
}

extension Request {
    /// Reading requests may use the access cache, and so may routes that change nothing the
    /// permission check reads (`leavesAccessAlone`); every other request reads the database.
    var mayUseAccessCache: Bool { method == .GET || method == .HEAD || route?.leavesAccessAlone == true }
}

extension Route {
    /// Whether the route's writes change nothing the permission check reads (sessions, circles,
    /// the rows features check access by): a chat message or a read receipt. It checks access
    /// through the cache like a read, and does not empty it.
    var leavesAccessAlone: Bool { userInfo["leavesAccessAlone"] as? Bool == true }

    /// Marks the route as one whose writes change nothing the permission check reads.
    @discardableResult
    func leavingAccessAlone() -> Route {
        userInfo["leavesAccessAlone"] = true
        return self
    }
}

/// Empties the access cache after every request that may have changed something, before the
/// answer leaves, so that the next request sees the change (a removed planner, a revoked
/// session) at once.
struct AccessCacheInvalidation: Middleware {
    /// Reading requests pass straight through (no task hop: they are the many).
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard !request.mayUseAccessCache else { return next.respond(to: request) }
        let app = request.application
        let loop = request.eventLoop
        return next.respond(to: request).flatMap { response in
            loop.makeFutureWithTask {
                await app.invalidateAccessCache()
                return response
            }
        }.flatMapError { error in
            loop.makeFutureWithTask {
                await app.invalidateAccessCache()
                throw error
            }
        }
    }
}

extension Application {
    private struct AccessCacheKey: StorageKey { typealias Value = AccessCache }

    /// Set once by `configure`, before any request.
    var accessCache: AccessCache {
        get {
            guard let cache = storage[AccessCacheKey.self] else { fatalError("configure(_:) sets the access cache") }
            return cache
        }
        set { storage[AccessCacheKey.self] = newValue }
    }

    /// Empties this instance's cache and, with PostgreSQL, tells the other instances to do the same.
    func invalidateAccessCache() async {
        accessCache.invalidate()
        await accessCacheNotifier?.notify()
    }
}
