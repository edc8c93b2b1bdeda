/// Rewards: stars a user earns for what they do, and rewards a planner sets up that cost stars.
/// Stars are only ever given: a missed day takes nothing away, and switching rewards off keeps
/// the stars for when they are switched on again. A redemption takes its stars when it is asked
/// for (so two asks never spend the same stars) and gives them back if a planner declines it.
public enum RewardRules {
    public static let maxTitle = 100
    /// What one reward may cost.
    public static let costs = 1...1000
    /// Rewards a user may have at once.
    public static let maxRewards = 20
    /// Redemptions waiting for a planner at once (a child who asks again and again waits calmly).
    public static let maxPending = 5
    /// Redemptions an answer lists: those waiting, and the newest decided ones.
    public static let recentDecided = 10

    /// Stars one done occurrence of an activity earns, and one goal's progress on one day (however
    /// many entries that day has: ticking again and again earns nothing more).
    public static let perActivity = 1
    public static let perGoalDay = 1

    public enum Decision: String, Sendable, CaseIterable {
        case confirmed, declined
    }

    /// Why stars were earned: one source earns once.
    public enum Source: Sendable, Hashable {
        case activity(id: String, localStart: String)
        case goal(id: String, date: String)

        public var key: String {
            switch self {
            case .activity(let id, let start): "activity:\(id.lowercased())@\(start)"
            case .goal(let id, let date): "goal:\(id.lowercased())@\(date)"
            }
        }

        public var kind: String {
            switch self {
            case .activity: "activity"
            case .goal: "goal"
            }
        }

        public var stars: Int {
            switch self {
            case .activity: perActivity
            case .goal: perGoalDay
            }
        }
    }
}
