import Fluent
import Foundation
import SQLKit

/// The personal data of calendar feeds: who reads whose plan through which address.
enum CalendarFeedsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: CalendarFeed.schema,
            category: .calendarFeeds,
            columns: [("user_id", .deleteRow), ("created_by", .deleteRow)],
            retention: "until revoked, or with either person's account"
        )
    ]

    struct Record: Encodable, Sendable {
        let id: UUID
        /// "your plan, read by you", "your plan, read by …", "…'s plan, read by you".
        let plan: String
        let readBy: String
        let createdAt: Date
        @NullEncoded var lastUsedAt: Date?
    }

    static let readers: [DataCategory: CategoryReader] = [
        .calendarFeeds: { db, id in
            try await CalendarFeed.query(on: db).group(.or) {
                $0.filter(\.$user.$id == id).filter(\.$createdBy.$id == id)
            }
            .with(\.$user).with(\.$createdBy).sort(\.$createdAt).all().map { feed in
                Record(
                    id: try feed.requireID(),
                    plan: feed.$user.id == id ? "yours" : feed.user.name,
                    readBy: feed.$createdBy.id == id ? "you" : feed.createdBy.name,
                    createdAt: feed.createdAt,
                    lastUsedAt: feed.lastUsedAt
                )
            }
        }
    ]
}
