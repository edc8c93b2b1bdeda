import Fluent
import Foundation
import MobilizeCore

/// An activity linked to a goal counts for it: an occurrence marked done records a tick on the
/// occurrence's day (once, however often it is marked), and marking it otherwise takes the tick
/// back. Only a goal that takes ticks and is active or paused counts.
enum GoalLinks {
    static func occurrence(
        of activity: Activity,
        at localStart: LocalDateTime,
        done: Bool,
        by actor: UUID,
        now: Date,
        on db: any Database
    ) async throws {
        guard let goalID = activity.$goal.id else { return }
        let key = "\(try activity.requireID().uuidString)@\(localStart.description)"
        let existing = GoalProgressEntry.query(on: db).filter(\.$goal.$id == goalID).filter(\.$occurrence == key)
        guard done else {
            try await existing.delete()
            return
        }
        guard let goal = try await Goal.find(goalID, on: db), goal.status != .archived,
            GoalRules.accepts(.tick, for: goal.measure), try await existing.first() == nil
        else { return }
        let entry = try GoalProgressEntry(goal: goal, recordedBy: actor, kind: .tick, amount: 1, date: localStart.date, at: now)
        entry.occurrence = key
        try await entry.create(on: db)
    }
}
