import Fluent
import Foundation

/// The personal data of plans: activities for the person, by the person for others, and who
/// changed the state of an occurrence.
enum PlansData {
    static let declarations = [
        PersonalDataDeclaration(
            table: OccurrenceState.schema,
            category: .activities,
            columns: [("changed_by", .setNull)],
            retention: "with the activity; who changed it is forgotten with their account"
        ),
        PersonalDataDeclaration(
            table: Activity.schema,
            category: .activities,
            columns: [("user_id", .deleteRow), ("created_by", .setNull)],
            retention: "until deleted, or with the account; one made for someone else stays theirs"
        ),
    ]

    struct Record: Encodable, Sendable {
        let id: UUID
        let title: String
        @NullEncoded var description: String?
        let start: String
        let timeZone: String
        let durationMinutes: Int
        @NullEncoded var recurrence: String?
        let exceptDates: [String]
        let steps: [String]
        /// "for you" (made by you or someone else), or "by you for someone else".
        let relation: String
        @NullEncoded var forPerson: String?
        @NullEncoded var createdBy: String?
        let createdAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .activities: { db, id in
            try await Activity.query(on: db).group(.or) { $0.filter(\.$user.$id == id).filter(\.$createdBy.$id == id) }
                .with(\.$user).with(\.$createdBy).sort(\.$createdAt).all().map { activity in
                    let forMe = activity.$user.id == id
                    return Record(
                        id: try activity.requireID(),
                        title: activity.title,
                        description: activity.details,
                        start: activity.start,
                        timeZone: activity.timeZone,
                        durationMinutes: activity.durationMinutes,
                        recurrence: activity.recurrence,
                        exceptDates: activity.exceptDates,
                        steps: activity.steps.map(\.text),
                        relation: forMe
                            ? (activity.$createdBy.id == id ? "by you, for you" : "by someone else, for you")
                            : "by you, for someone else",
                        forPerson: forMe ? nil : activity.user.name,
                        createdBy: activity.createdBy?.name,
                        createdAt: activity.createdAt
                    )
                }
        }
    ]
}
