import Fluent
import MobilizeCore
import SQLKit

/// Activities know where their series ends, so that a plan read skips those that have ended and
/// a counted series is expanded from the week read, not from its first day.
struct UpdateActivityAddLastStart: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema).field("last_start", .string).update()
        // Saving runs `ActivitySeriesEnd`, which works the value out.
        for activity in try await Activity.query(on: database).all() {
            var budget = ExpansionBudget.unlimited
            activity.lastStart = try? activity.seriesLastStart(budget: &budget)
            try await activity.update(on: database)
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_activities_user_last_start").on(Activity.schema).column("user_id")
            .column("last_start").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_activities_user_last_start").run()
        try await database.schema(Activity.schema).deleteField("last_start").update()
    }
}

/// Keeps `last_start` true to the activity's start, rule and zone on every save.
struct ActivitySeriesEnd: AsyncModelMiddleware {
    func create(model: Activity, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try keep(model)
        try await next.create(model, on: db)
    }

    func update(model: Activity, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try keep(model)
        try await next.update(model, on: db)
    }

    private func keep(_ activity: Activity) throws {
        var budget = ExpansionBudget()
        activity.lastStart = try activity.seriesLastStart(budget: &budget)
    }
}
