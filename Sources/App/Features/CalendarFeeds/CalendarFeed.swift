import Fluent
import Foundation
import SQLKit

/// A private, revocable address at which a calendar app reads a user's plan. It reads as its
/// maker sees the plan, and only while the maker may: a planner removed from the user, or a
/// feed revoked, reads nothing more. Only the token's hash is stored.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "created_by") var createdBy: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(user: UUID, createdBy: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}

struct CreateCalendarFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarFeed.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for column in ["user_id", "created_by"] {
            try await sql.create(index: "idx_calendar_feeds_\(column)").on(CalendarFeed.schema).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarFeed.schema).delete()
    }
}

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
