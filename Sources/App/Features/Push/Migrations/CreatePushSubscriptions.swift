import Fluent
import SQLKit

struct CreatePushSubscriptions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PushSubscription.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("session_id", .uuid, .required, .references(AuthSession.schema, "id", onDelete: .cascade))
            .field("endpoint", .string, .required)
            .field("p256dh", .string, .required)
            .field("auth", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_success_at", .datetime)
            .field("failures", .int, .required)
            // A browser subscribes once: subscribing again moves the subscription to the new session.
            .unique(on: "endpoint")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_push_subscriptions_user").on(PushSubscription.schema).column("user_id").run()
        try await sql.create(index: "idx_push_subscriptions_session").on(PushSubscription.schema).column("session_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PushSubscription.schema).delete()
    }
}
