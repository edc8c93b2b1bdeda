import Foundation
import NIOConcurrencyHelpers

/// A small cache in memory: at most `capacity` entries, each for `lifetime` seconds, the oldest
/// written going first when it is full.
final class TimedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var entries: [Key: (value: Value, until: Date)] = [:]
    private var order: [Key] = []
    let capacity: Int
    let lifetime: TimeInterval

    init(capacity: Int, lifetime: TimeInterval) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    func get(_ key: Key, at now: Date) -> Value? {
        lock.withLock {
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.value
        }
    }

    func put(_ value: Value, for key: Key, at now: Date) {
        lock.withLock {
            if entries.updateValue((value, now.addingTimeInterval(lifetime)), forKey: key) == nil { order.append(key) }
            while order.count > capacity {
                entries[order.removeFirst()] = nil
            }
        }
    }
}
