import Fluent
import SQLKit

/// Reminders written down ahead, how far ahead each activity's are written, and each person's
/// reminder settings.
struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Reminder.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("activity_id", .uuid, .required, .references(Activity.schema, "id", onDelete: .cascade))
            .field("occurrence_start", .string, .required)
            .field("offset_minutes", .int, .required)
            .field("due_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("leased_by", .string)
            .field("lease_until", .datetime)
            .field("fired_at", .datetime)
            // One reminder per occurrence and offset: written again, it stays the one it was.
            .unique(on: "activity_id", "occurrence_start", "offset_minutes")
            .create()
        try await database.schema(ReminderSettings.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("quiet_from", .string)
            .field("quiet_until", .string)
            .field("sound", .bool, .required)
            .field("speech", .bool, .required)
            .field("at_start", .bool, .required)
            .field("per_hour", .int, .required)
            .field("updated_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        // How far ahead an activity's reminders are written, and from which version of it (its
        // `updated_at`, copied by the database itself so that the two compare exactly).
        try await database.schema(ReminderHorizon.schema)
            .field("activity_id", .uuid, .identifier(auto: false), .references(Activity.schema, "id", onDelete: .cascade))
            .field("version", .datetime, .required)
            .field("through", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // What the scheduler takes each second: the due ones still waiting (or whose lease ran out).
        try await sql.raw(
            """
            CREATE INDEX idx_reminders_waiting ON reminders (due_at) WHERE status IN ('scheduled', 'firing')
            """
        ).run()
        try await sql.create(index: "idx_reminders_user_due").on(Reminder.schema).column("user_id").column("due_at").run()
        try await sql.create(index: "idx_reminders_activity").on(Reminder.schema).column("activity_id").column("due_at").run()
        try await sql.create(index: "idx_reminder_settings_updated_by").on(ReminderSettings.schema).column("updated_by").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [ReminderHorizon.schema, ReminderSettings.schema, Reminder.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// The table the scheduler keeps, read and written with SQL alone.
enum ReminderHorizon {
    static let schema = "reminder_horizons"
}
