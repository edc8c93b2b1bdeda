import Foundation
import MobilizeCore
import Vapor

/// A user's stars and rewards as one screen shows them, with what the caller may do.
struct RewardsDTO: Content {
    /// Rewards are on for this user (they are off until a planner switches them on).
    let enabled: Bool
    /// Stars held now.
    let stars: Int
    /// Stars earned in all.
    let earned: Int
    /// By cost, the cheapest first.
    let rewards: [RewardDTO]
    /// Those waiting for a planner, then the newest decided ones.
    let redemptions: [RedemptionDTO]
    let mayManage: Bool
    let mayRedeem: Bool
    let mayDecide: Bool
}

struct RewardDTO: Content {
    let id: UUID
    let title: String
    @NullEncoded var pictogramId: UUID?
    let cost: Int
    let createdAt: Date

    init(_ reward: Reward) throws {
        id = try reward.requireID()
        title = reward.title
        pictogramId = reward.pictogramID
        cost = reward.cost
        createdAt = reward.createdAt
    }
}

struct RedemptionDTO: Content {
    let id: UUID
    @NullEncoded var rewardId: UUID?
    let title: String
    @NullEncoded var pictogramId: UUID?
    let cost: Int
    /// pending, confirmed or declined.
    let status: String
    let clientKey: String
    let askedAt: Date
    @NullEncoded var decidedAt: Date?

    init(_ redemption: RewardRedemption) throws {
        id = try redemption.requireID()
        rewardId = redemption.$reward.id
        title = redemption.title
        pictogramId = redemption.pictogramID
        cost = redemption.cost
        status = redemption.status.rawValue
        clientKey = redemption.clientKey
        askedAt = redemption.askedAt
        decidedAt = redemption.decidedAt
    }
}

struct RewardSettingsRequest: StrictContent {
    static let allowedKeys: Set<String> = ["enabled"]
    var enabled: Bool
}

struct RewardRequest: StrictContent {
    static let allowedKeys: Set<String> = ["title", "cost", "pictogramId"]
    var title: String?
    var cost: Int?
    var pictogramId: UUID?
}

struct RedeemRequest: StrictContent {
    static let allowedKeys: Set<String> = ["clientKey"]
    var clientKey: String
}

struct DecisionRequest: StrictContent {
    static let allowedKeys: Set<String> = ["decision"]
    /// confirmed or declined.
    var decision: String
}
