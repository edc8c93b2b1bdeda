import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

struct CreateAttemptCounter: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AttemptCounter.schema)
            .field("key_hash", .string, .identifier(auto: false))
            .field("attempts", .int, .required)
            .field("last_at", .double, .required)
            .field("blocked_until", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttemptCounter.schema).delete()
    }
}
