import Fluent
import Foundation
import SQLKit

/// Goals, their steps and progress, and the link from an activity to the goal it counts for.
struct CreateGoals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Goal.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("why", .string)
            .field("pictogram_id", .uuid)
            .field("picture_id", .uuid)
            .field("measure", .string, .required)
            .field("target", .int)
            .field("period", .string)
            .field("target_date", .string)
            .field("reward", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(GoalStep.schema)
            .id()
            .field("goal_id", .uuid, .required, .references(Goal.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("text", .string, .required)
            .field("reached_at", .datetime)
            .field("reached_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .create()
        try await database.schema(GoalProgressEntry.schema)
            .id()
            .field("goal_id", .uuid, .required, .references(Goal.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("recorded_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("amount", .int, .required)
            .field("note", .string)
            .field("local_date", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("occurrence", .string)
            // A linked occurrence counts once, however often it is marked done.
            .unique(on: "goal_id", "occurrence")
            .create()
        try await database.schema(Activity.schema)
            .field("goal_id", .uuid, .references(Goal.schema, "id", onDelete: .setNull))
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        for column in ["user_id", "created_by"] {
            try await sql.create(index: "idx_goals_\(column)").on(Goal.schema).column(column).run()
        }
        try await sql.create(index: "idx_goal_steps_goal").on(GoalStep.schema).column("goal_id").column("position").run()
        try await sql.create(index: "idx_goal_steps_user").on(GoalStep.schema).column("user_id").run()
        try await sql.create(index: "idx_goal_steps_reached_by").on(GoalStep.schema).column("reached_by").run()
        // The overview reads a goal's days in order; export and erasure go by person.
        try await sql.create(index: "idx_goal_progress_goal_date").on(GoalProgressEntry.schema)
            .column("goal_id").column("local_date").run()
        try await sql.create(index: "idx_goal_progress_user").on(GoalProgressEntry.schema).column("user_id").run()
        try await sql.create(index: "idx_goal_progress_recorded_by").on(GoalProgressEntry.schema).column("recorded_by").run()
        try await sql.create(index: "idx_activities_goal").on(Activity.schema).column("goal_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("goal_id").update()
        try await database.schema(GoalProgressEntry.schema).delete()
        try await database.schema(GoalStep.schema).delete()
        try await database.schema(Goal.schema).delete()
    }
}
