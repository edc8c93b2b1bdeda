import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The time, injected so that tests can travel in it. Logic never reads the wall clock directly.
package protocol AppClock: Sendable {
    var now: Date { get }
}

struct SystemClock: AppClock {
    var now: Date { Date() }
}

/// A clock tests move by hand.
final class ManualClock: AppClock, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    init(_ start: Date = Date()) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any AppClock }

    package var clock: any AppClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.clock.now }
}

extension Date {
    package var calendarYear: Int { Calendar(identifier: .gregorian).component(.year, from: self) }
}
