import App
import Fluent
import Foundation
import MobilizeCore
import Vapor

/// The heavy user's chat and goals, for the export, the erasure and the goal overview's benchmark.
extension BenchSeedCommand {
    /// The heavy user's chat: 5,000 messages in their circle's conversation (every other one
    /// theirs), 500 in a direct one with their planner, and read receipts.
    func seedChat(for user: User, planner: User, on app: Application) async throws {
        let userID = try user.requireID()
        let plannerID = try planner.requireID()
        let now = app.clock.now
        let circle = Conversation(circleUser: userID, now: now)
        let direct = Conversation(circleUser: userID, between: (userID, plannerID), now: now)
        for (conversation, count) in [(circle, 5_000), (direct, 500)] {
            conversation.id = UUID()
            conversation.lastSeq = count
            try await conversation.create(on: app.db)
            let messages = (1...count).map { seq in
                let message = ChatMessage()
                message.id = UUID()
                message.$conversation.id = conversation.id!
                message.seq = seq
                message.$sender.id = seq % 2 == 0 ? userID : plannerID
                message.clientKey = "bench-\(seq)"
                message.text = "Can we move football to Thursday? (\(seq))"
                message.sentAt = now.addingTimeInterval(Double(seq - count))
                return message
            }
            try await insert(messages, on: app.db)
            for reader in [userID, plannerID] {
                let read = ConversationRead()
                read.$conversation.id = conversation.id!
                read.$user.id = reader
                read.lastReadSeq = count
                read.updatedAt = now
                try await read.create(on: app.db)
            }
        }
    }

    /// The heavy user's goals: three of their own and two their planner set up, each with three
    /// steps, and three years of daily progress on each (a tick, a count or a rating a day, a
    /// comment a week from the planner): what the goal overview and the export read.
    func seedGoals(for user: User, planner: User, on app: Application) async throws {
        let userID = try user.requireID()
        let plannerID = try planner.requireID()
        let now = app.clock.now
        let today = LocalDateTime(instant: now, in: TimeZone(identifier: "Europe/Copenhagen")!).date
        let measures: [GoalMeasure] = [
            .count(target: 4, period: .week), .count(target: 1, period: .day), .scale, .count(target: 3, period: .week),
            .date(today.adding(days: 90)),
        ]
        for (index, measure) in measures.enumerated() {
            let goal = Goal(user: userID, createdBy: index < 3 ? userID : plannerID, now: now.addingTimeInterval(-3 * 366 * 86_400))
            goal.id = UUID()
            goal.title = "Goal \(index + 1)"
            goal.why = "Because it matters"
            goal.measure = measure
            try await goal.create(on: app.db)
            let steps = (0..<3).map { GoalStep(goal: goal.id!, user: userID, position: $0, text: "Step \($0 + 1)") }
            try await insert(steps, on: app.db)
            // Every day, and a comment from the planner every week besides.
            let entries = (0..<(1_095 + 157)).map { index -> GoalProgressEntry in
                let comment = index >= 1_095
                let back = comment ? (index - 1_095) * 7 : index
                let entry = GoalProgressEntry()
                entry.id = UUID()
                entry.$goal.id = goal.id!
                entry.$user.id = userID
                entry.$recordedBy.id = comment ? plannerID : userID
                switch (measure, comment) {
                case (_, true): (entry.kind, entry.amount, entry.note) = ("comment", 0, "Well done this week")
                case (.scale, _): (entry.kind, entry.amount) = ("rating", 1 + back % 5)
                case (.count(_, .week), _): (entry.kind, entry.amount) = ("count", 1)
                default: (entry.kind, entry.amount) = ("tick", 1)
                }
                entry.localDate = today.adding(days: -back).description
                entry.recordedAt = now.addingTimeInterval(-Double(back) * 86_400)
                return entry
            }
            try await insert(entries, on: app.db)
        }
    }

    /// The heavy user's stars and rewards: rewards on, a star for each goal on each of the three
    /// years' days, five rewards, and a wish a week (most confirmed, one waiting).
    func seedRewards(for user: User, planner: User, on app: Application) async throws {
        let userID = try user.requireID()
        let plannerID = try planner.requireID()
        let now = app.clock.now
        let today = LocalDateTime(instant: now, in: TimeZone(identifier: "Europe/Copenhagen")!).date
        let goals = try await Goal.query(on: app.db).filter(\.$user.$id == userID).all()
        let entries = goals.flatMap { goal in
            (0..<1_095).map { back -> StarEntry in
                let entry = StarEntry()
                entry.id = UUID()
                entry.$user.id = userID
                entry.kind = "goal"
                entry.source = RewardRules.Source.goal(id: goal.id!.uuidString, date: today.adding(days: -back).description).key
                entry.stars = RewardRules.perGoalDay
                entry.earnedAt = now.addingTimeInterval(-Double(back) * 86_400)
                return entry
            }
        }
        try await insert(entries, on: app.db)
        let rewards = (1...5).map { index -> Reward in
            let reward = Reward()
            reward.id = UUID()
            reward.$user.id = userID
            reward.$createdBy.id = plannerID
            reward.title = "Reward \(index)"
            reward.cost = index * 10
            reward.createdAt = now.addingTimeInterval(-3 * 366 * 86_400)
            return reward
        }
        try await insert(rewards, on: app.db)
        let wishes = (0..<156).map { week -> RewardRedemption in
            let reward = rewards[week % rewards.count]
            let wish = RewardRedemption()
            wish.id = UUID()
            wish.$user.id = userID
            wish.$reward.id = reward.id
            wish.title = reward.title
            wish.cost = reward.cost
            wish.status = week == 0 ? .pending : .confirmed
            wish.clientKey = "seed-\(week)"
            wish.$askedBy.id = userID
            wish.askedAt = now.addingTimeInterval(-Double(week) * 7 * 86_400)
            wish.$decidedBy.id = week == 0 ? nil : plannerID
            wish.decidedAt = week == 0 ? nil : wish.askedAt.addingTimeInterval(3_600)
            return wish
        }
        try await insert(wishes, on: app.db)
        let spent = wishes.reduce(0) { $0 + $1.cost }
        let account = StarAccount(user: userID, now: now)
        account.enabled = true
        account.earned = entries.count + spent
        account.balance = entries.count
        account.pending = 1
        try await account.create(on: app.db)
    }
}
