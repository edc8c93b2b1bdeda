import Foundation
import MobilizeCore
import Vapor

struct GoalDTO: Content {
    struct Step: Content {
        let id: UUID
        let text: String
        @NullEncoded var reachedAt: Date?
        @NullEncoded var reachedBy: UUID?
    }

    let id: UUID
    let userId: UUID
    @NullEncoded var createdBy: UUID?
    let title: String
    @NullEncoded var why: String?
    @NullEncoded var pictogramId: UUID?
    @NullEncoded var pictureId: UUID?
    /// count, date or scale.
    let measure: String
    @NullEncoded var target: Int?
    @NullEncoded var period: String?
    @NullEncoded var targetDate: String?
    @NullEncoded var reward: String?
    let status: String
    let steps: [Step]
    /// What the caller may do with it.
    let mayChange: Bool
    let createdAt: Date
    let updatedAt: Date
}

struct GoalStepRequest: StrictContent {
    static let allowedKeys: Set<String> = ["id", "text"]
    /// An existing step kept (with its tick); a new one without.
    var id: UUID?
    var text: String
}

struct GoalRequest: StrictContent {
    static let allowedKeys: Set<String> = [
        "title", "why", "pictogramId", "pictureId", "measure", "target", "period", "targetDate", "reward", "status", "steps",
    ]
    var title: String?
    var why: String?
    var pictogramId: UUID?
    var pictureId: UUID?
    var measure: String?
    var target: Int?
    var period: String?
    var targetDate: String?
    var reward: String?
    var status: String?
    var steps: [GoalStepRequest]?
}

struct StepStateRequest: StrictContent {
    static let allowedKeys: Set<String> = ["reached"]
    var reached: Bool
}

struct ProgressRequest: StrictContent {
    static let allowedKeys: Set<String> = ["kind", "value", "note", "date"]
    var kind: String
    var value: Int?
    var note: String?
    /// The user's calendar date it counts on (today when left out; at most a year back, never ahead).
    var date: String?
}

struct ProgressDTO: Content {
    let id: UUID
    let goalId: UUID
    let kind: String
    let value: Int
    @NullEncoded var note: String?
    let date: String
    @NullEncoded var recordedBy: UUID?
    @NullEncoded var recordedByName: String?
    let recordedAt: Date
    /// Recorded by a linked activity marked done.
    let fromActivity: Bool
}

struct GoalOverviewDTO: Content {
    struct Week: Content {
        let start: String
        let amount: Int
        let activeDays: Int
        let daysReached: Int
        @NullEncoded var averageRating: Double?
        let reached: Bool
    }

    struct Item: Content {
        let goalId: UUID
        let title: String
        let measure: String
        @NullEncoded var target: Int?
        @NullEncoded var period: String?
        let status: String
        let weeks: [Week]
        let streak: Int
        let streakUnit: String
    }

    struct ActivityWeek: Content {
        let start: String
        let planned: Int
        let done: Int
    }

    /// The user's today (their time zone).
    let today: String
    let goals: [Item]
    /// The share of planned activities done, per week (cancelled ones are not planned).
    let activities: [ActivityWeek]
}
