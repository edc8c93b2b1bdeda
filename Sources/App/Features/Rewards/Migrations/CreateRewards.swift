import Fluent
import SQLKit

/// Stars, rewards and redemptions.
struct CreateRewards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StarAccount.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("enabled", .bool, .required)
            .field("balance", .int, .required)
            .field("earned", .int, .required)
            .field("pending", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id")
            .constraint(.sql(raw: "CHECK (balance >= 0 AND pending >= 0)"))
            .create()
        try await database.schema(StarEntry.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("stars", .int, .required)
            .field("earned_at", .datetime, .required)
            // One source earns once, however often it is marked.
            .unique(on: "user_id", "source")
            .create()
        try await database.schema(Reward.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("pictogram_id", .uuid)
            .field("cost", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(RewardRedemption.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("reward_id", .uuid, .references(Reward.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("pictogram_id", .uuid)
            .field("cost", .int, .required)
            .field("status", .string, .required)
            .field("client_key", .string, .required)
            .field("asked_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("asked_at", .datetime, .required)
            .field("decided_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            // A retried ask (the same key) is the same redemption.
            .unique(on: "user_id", "client_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_rewards_user").on(Reward.schema).column("user_id").run()
        try await sql.create(index: "idx_rewards_created_by").on(Reward.schema).column("created_by").run()
        try await sql.create(index: "idx_redemptions_user_asked").on(RewardRedemption.schema)
            .column("user_id").column("asked_at").run()
        try await sql.create(index: "idx_redemptions_reward").on(RewardRedemption.schema).column("reward_id").run()
        for column in ["asked_by", "decided_by"] {
            try await sql.create(index: "idx_redemptions_\(column)").on(RewardRedemption.schema).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [RewardRedemption.schema, Reward.schema, StarEntry.schema, StarAccount.schema] {
            try await database.schema(schema).delete()
        }
    }
}
