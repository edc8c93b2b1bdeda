import Fluent
import Foundation

/// The personal data of notices: the mails and text messages written to a person (what they said,
/// and whether they were sent), their phone number, and how they want to be told.
enum NoticesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Notice.schema,
            category: .notices,
            columns: [("recipient_id", .deleteRow)],
            emailColumn: "address",
            retention: "30 days after it was written, or with the account"
        ),
        PersonalDataDeclaration(
            table: PhoneNumber.schema,
            category: .notices,
            columns: [("user_id", .deleteRow)],
            retention: "until removed, or with the account"
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
            let channel: String
            let subject: String
            let body: String
            let status: String
            let attempts: Int
            let writtenAt: Date
            @NullEncoded var sentAt: Date?
        }

        @NullEncoded var escalationMail: Bool?
        @NullEncoded var escalationSms: Bool?
        @NullEncoded var dailySummary: Bool?
        @NullEncoded var serviceNews: Bool?
        @NullEncoded var phone: String?
        @NullEncoded var phoneProvedAt: Date?
        let mails: [Item]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .notices: { db, id in
            let settings = try await NoticeSettings.query(on: db).filter(\.$user.$id == id).first()
            let mails = try await Notice.query(on: db).filter(\.$recipient.$id == id).sort(\.$createdAt).all()
            let phone = try await PhoneNumber.query(on: db).filter(\.$user.$id == id).first()
            guard settings != nil || !mails.isEmpty || phone != nil else { return [Record]() }
            return [
                Record(
                    escalationMail: settings?.escalationMail,
                    escalationSms: settings?.escalationSMS,
                    dailySummary: settings?.dailySummary,
                    serviceNews: settings?.serviceNews,
                    phone: phone?.number,
                    phoneProvedAt: phone?.verifiedAt,
                    mails: mails.map {
                        Record.Item(
                            kind: $0.kind, channel: $0.channel.rawValue, subject: $0.subject, body: $0.body, status: $0.status.rawValue,
                            attempts: $0.attempts, writtenAt: $0.createdAt, sentAt: $0.sentAt
                        )
                    }
                )
            ]
        }
    ]
}
