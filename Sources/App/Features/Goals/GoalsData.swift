import Fluent
import Foundation
import MobilizeCore

/// The personal data of goals: a person's goals with their steps and progress, the goals they
/// set up for others, and the progress they recorded for others.
enum GoalsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: GoalProgressEntry.schema,
            category: .goals,
            columns: [("user_id", .deleteRow), ("recorded_by", .setNull)],
            retention: "with the goal, or with the account; deleted by whoever recorded it"
        ),
        PersonalDataDeclaration(
            table: GoalStep.schema,
            category: .goals,
            columns: [("user_id", .deleteRow), ("reached_by", .setNull)],
            retention: "with the goal, or with the account"
        ),
        PersonalDataDeclaration(
            table: Goal.schema,
            category: .goals,
            columns: [("user_id", .deleteRow), ("created_by", .setNull)],
            retention: "until deleted (or archived and deleted), or with the account"
        ),
    ]

    struct Record: Encodable, Sendable {
        struct Step: Encodable, Sendable {
            let text: String
            @NullEncoded var reachedAt: Date?
        }

        struct Entry: Encodable, Sendable {
            let kind: String
            let value: Int
            @NullEncoded var note: String?
            let date: String
            @NullEncoded var recordedBy: String?
            let recordedAt: Date
        }

        let id: UUID
        let title: String
        @NullEncoded var why: String?
        /// Whose goal, when it is someone else's (one the person set up or recorded progress for).
        @NullEncoded var forPerson: String?
        @NullEncoded var createdBy: String?
        let measure: String
        @NullEncoded var target: Int?
        @NullEncoded var period: String?
        @NullEncoded var targetDate: String?
        @NullEncoded var reward: String?
        let status: String
        let steps: [Step]
        /// The person's own goal: every entry. Someone else's: the entries the person recorded.
        let progress: [Entry]
        let createdAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .goals: { db, id in
            let recordedFor = try await GoalProgressEntry.query(on: db).filter(\.$recordedBy.$id == id)
                .filter(\.$user.$id != id).all().map(\.$goal.id)
            let goals = try await Goal.query(on: db).group(.or) {
                $0.filter(\.$user.$id == id).filter(\.$createdBy.$id == id)
                if !recordedFor.isEmpty { $0.filter(\.$id ~~ Array(Set(recordedFor))) }
            }
            .with(\.$user).with(\.$createdBy).sort(\.$createdAt).all()
            let ids = goals.compactMap(\.id)
            guard !ids.isEmpty else { return [Record]() }
            let steps = Dictionary(
                grouping: try await GoalStep.query(on: db).filter(\.$goal.$id ~~ ids).sort(\.$position).all(),
                by: { $0.$goal.id }
            )
            let entries = Dictionary(
                grouping: try await GoalProgressEntry.query(on: db).filter(\.$goal.$id ~~ ids).with(\.$recordedBy)
                    .sort(\.$localDate).sort(\.$recordedAt).all(),
                by: { $0.$goal.id }
            )
            return try goals.map { goal in
                let own = goal.$user.id == id
                return Record(
                    id: try goal.requireID(),
                    title: goal.title,
                    why: goal.why,
                    forPerson: own ? nil : goal.user.name,
                    createdBy: goal.createdBy?.name,
                    measure: goal.measureKind,
                    target: goal.target,
                    period: goal.period,
                    targetDate: goal.targetDate,
                    reward: goal.reward,
                    status: goal.status.rawValue,
                    steps: (steps[goal.id!] ?? []).map { Record.Step(text: $0.text, reachedAt: $0.reachedAt) },
                    progress: (entries[goal.id!] ?? []).filter { own || $0.$recordedBy.id == id }.map {
                        Record.Entry(
                            kind: $0.kind,
                            value: $0.amount,
                            note: $0.note,
                            date: $0.localDate,
                            recordedBy: $0.recordedBy?.name,
                            recordedAt: $0.recordedAt
                        )
                    },
                    createdAt: goal.createdAt
                )
            }
        }
    ]
}
