import Fluent
import MobilizeCore
import SQLKit
import Vapor

struct CreateEnrolment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enrolment.schema)
            .id()
            .field("institution_id", .uuid, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("birth_year", .int)
            .field("created_by", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(EnrolmentInvitation.schema)
            .id()
            .field("enrolment_id", .uuid, .required, .references(Enrolment.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("token_hash", .string, .required)
            .field("status", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        // The group a served pupil is in, and the planner links an institution made (they end with it).
        try await database.schema(ServedUser.schema)
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull)).update()
        try await database.schema(PlannerLink.schema)
            .field("institution_id", .uuid, .references(Institution.schema, "id", onDelete: .cascade)).update()
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in [
            (Enrolment.schema, "institution_id"), (Enrolment.schema, "created_by"), (Enrolment.schema, "user_id"),
            (EnrolmentInvitation.schema, "enrolment_id"), (EnrolmentInvitation.schema, "email"),
            (PlannerLink.schema, "institution_id"),
        ] {
            try await sql.create(index: "idx_\(table)_\(column)").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlannerLink.schema).deleteField("institution_id").update()
        try await database.schema(ServedUser.schema).deleteField("department_id").update()
        try await database.schema(EnrolmentInvitation.schema).delete()
        try await database.schema(Enrolment.schema).delete()
    }
}
