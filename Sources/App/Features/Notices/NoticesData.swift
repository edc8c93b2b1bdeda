import Fluent
import Foundation

/// The personal data of notices: the mails written to a person (what they said, and whether they
/// were sent), and how the person wants to be told.
enum NoticesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Notice.schema,
            category: .notices,
            columns: [("recipient_id", .deleteRow)],
            retention: "30 days after it was written, or with the account"
        ),
        PersonalDataDeclaration(
            table: NoticeSettings.schema,
            category: .notices,
            columns: [("user_id", .deleteRow)],
            retention: "with the account"
        ),
    ]

    struct Record: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let kind: String
            let subject: String
            let body: String
            let status: String
            let attempts: Int
            let writtenAt: Date
            @NullEncoded var sentAt: Date?
        }

        @NullEncoded var escalationMail: Bool?
        let mails: [Item]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .notices: { db, id in
            let settings = try await NoticeSettings.query(on: db).filter(\.$user.$id == id).first()
            let mails = try await Notice.query(on: db).filter(\.$recipient.$id == id).sort(\.$createdAt).all()
            guard settings != nil || !mails.isEmpty else { return [Record]() }
            return [
                Record(
                    escalationMail: settings?.escalationMail,
                    mails: mails.map {
                        Record.Item(
                            kind: $0.kind, subject: $0.subject, body: $0.body, status: $0.status.rawValue,
                            attempts: $0.attempts, writtenAt: $0.createdAt, sentAt: $0.sentAt
                        )
                    }
                )
            ]
        }
    ]
}
