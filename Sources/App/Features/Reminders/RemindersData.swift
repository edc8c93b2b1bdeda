import Fluent
import Foundation
import MobilizeCore

/// The personal data of reminders: a person's reminder settings, and the reminders written down
/// for them (when each was due, and whether it was delivered or why not).
enum RemindersData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Reminder.schema,
            category: .reminders,
            columns: [("user_id", .deleteRow)],
            retention: "30 days after it was due, or with the activity or the account"
        ),
        PersonalDataDeclaration(
            table: ReminderSettings.schema,
            category: .reminders,
            columns: [("user_id", .deleteRow), ("updated_by", .setNull)],
            retention: "with the account",
            listedBy: ["user_id"]
        ),
    ]

    struct Record: Encodable, Sendable {
        struct Settings: Encodable, Sendable {
            @NullEncoded var quietFrom: String?
            @NullEncoded var quietUntil: String?
            let sound: Bool
            let speech: Bool
            let atStart: Bool
            let perHour: Int
            @NullEncoded var changedBy: String?
            let changedAt: Date
        }

        struct Item: Encodable, Sendable {
            let activity: String
            let occurrence: String
            let minutesBefore: Int
            let dueAt: Date
            let status: String
            @NullEncoded var reason: String?
        }

        let settings: Settings?
        let reminders: [Item]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .reminders: { db, id in
            let settings = try await ReminderSettings.query(on: db).filter(\.$user.$id == id).with(\.$updatedBy).first()
            let reminders = try await Reminder.query(on: db).filter(\.$user.$id == id).with(\.$activity).sort(\.$dueAt).all()
            guard settings != nil || !reminders.isEmpty else { return [Record]() }
            return [
                Record(
                    settings: settings.map {
                        Record.Settings(
                            quietFrom: $0.quietFrom,
                            quietUntil: $0.quietUntil,
                            sound: $0.sound,
                            speech: $0.speech,
                            atStart: $0.atStart,
                            perHour: $0.perHour,
                            changedBy: $0.updatedBy?.name,
                            changedAt: $0.updatedAt
                        )
                    },
                    reminders: reminders.map {
                        Record.Item(
                            activity: $0.activity.title,
                            occurrence: $0.occurrenceStart,
                            minutesBefore: $0.offsetMinutes,
                            dueAt: $0.dueAt,
                            status: $0.status.rawValue,
                            reason: $0.reason
                        )
                    }
                )
            ]
        }
    ]
}
