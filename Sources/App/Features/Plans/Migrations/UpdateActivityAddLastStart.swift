import Fluent
import MobilizeCore
import SQLKit

/// Activities know where their series ends, so that a plan read skips those that have ended and
/// a counted series is expanded from the week read, not from its first day.
struct UpdateActivityAddLastStart: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema).field("last_start", .string).update()
        // Only the columns that exist at this point of the migrations, and only `last_start` written.
        let activities = try await Activity.query(on: database).field(\.$id).field(\.$start).field(\.$timeZone)
            .field(\.$recurrence).all()
        for activity in activities {
            var budget = ExpansionBudget.unlimited
            let last = try? activity.seriesLastStart(budget: &budget)
            try await Activity.query(on: database).filter(\.$id == activity.requireID()).set(\.$lastStart, to: last).update()
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
