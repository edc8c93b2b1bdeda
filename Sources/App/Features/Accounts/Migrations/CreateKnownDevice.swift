import Fluent
import Foundation
import SQLKit
import MobilizeCore
import Vapor

struct CreateKnownDevice: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(KnownDevice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime, .required)
            .unique(on: "token_hash", "user_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_known_devices_user_id").on(KnownDevice.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KnownDevice.schema).delete()
    }
}
