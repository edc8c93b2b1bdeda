import Fluent
import SQLKit

/// A young person's own sign-in: a username for those without an address, the mark that the
/// account plans its own week (it opens on it, never on the adults' home), and sign-in codes
/// for their own phone beside the pairing codes of a child's device.
struct UpdateUserAddOwnLogin: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("username", .string).update()
        try await database.schema(User.schema).field("own_week", .bool, .required, .sql(.default(false))).update()
        try await database.schema(PairingCode.schema)
            .field("purpose", .string, .required, .sql(.default(PairingCode.Purpose.device.rawValue))).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_users_username").on(User.schema).column("username").unique().run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "idx_users_username").run() }
        try await database.schema(PairingCode.schema).deleteField("purpose").update()
        try await database.schema(User.schema).deleteField("own_week").update()
        try await database.schema(User.schema).deleteField("username").update()
    }
}
