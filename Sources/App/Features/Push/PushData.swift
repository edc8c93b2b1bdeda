import Fluent
import Foundation

/// The personal data of Web Push: a person's subscribed browsers (where their push service takes
/// messages for them, and the keys messages are encrypted to).
enum PushData {
    static let declarations = [
        PersonalDataDeclaration(
            table: PushSubscription.schema,
            category: .pushSubscriptions,
            columns: [("user_id", .deleteRow)],
            retention: "until the browser unsubscribes, its session ends, or with the account"
        )
    ]

    struct Record: Encodable, Sendable {
        let service: String
        let endpoint: String
        let subscribedAt: Date
        @NullEncoded var lastMessageAt: Date?
    }

    static let readers: [DataCategory: CategoryReader] = [
        .pushSubscriptions: { db, id in
            try await PushSubscription.query(on: db).filter(\.$user.$id == id).sort(\.$createdAt).all().map {
                Record(
                    service: URL(string: $0.endpoint)?.host ?? "",
                    endpoint: $0.endpoint,
                    subscribedAt: $0.createdAt,
                    lastMessageAt: $0.lastSuccessAt
                )
            }
        }
    ]
}
