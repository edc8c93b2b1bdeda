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
}
