/// A bound on the work one request may spend expanding recurrence rules: every period looked at
/// and every candidate date in it costs one unit. A request that would need more ends in a clear
/// refusal instead of a long computation, whatever rule or range a client sends.
public struct ExpansionBudget: Sendable {
    /// What a plan read, a copy or a change may spend: a few tens of milliseconds of work.
    public static let perRequest = 250_000

    public struct Exceeded: Error, Equatable, Sendable {
        public init() {}
    }

    public private(set) var remaining: Int

    public init(_ limit: Int = perRequest) {
        remaining = limit
    }

    /// No bound: for tests and tools that expand rules they made themselves.
    public static var unlimited: ExpansionBudget { ExpansionBudget(.max) }

    public mutating func spend(_ units: Int) throws(Exceeded) {
        guard remaining >= units else {
            remaining = 0
            throw Exceeded()
        }
        remaining -= units
    }
}
