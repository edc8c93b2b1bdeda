import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// Earning stars, inside the transaction of what earned them: nothing when rewards are off, and
/// one source earns once (a tick undone and made again, or a second entry the same day, earns
/// nothing more). Stars once earned stay.
enum Stars {
    static func earn(_ source: RewardRules.Source, user: UUID, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        // The entry is written only when the user's rewards are on, and only once per source.
        let earned = try await sql.direct(
            """
            INSERT INTO star_entries (id, user_id, kind, source, stars, earned_at)
            SELECT \(bind: UUID()), user_id, \(bind: source.kind), \(bind: source.key), \(bind: source.stars), \(bind: now)
            FROM star_accounts WHERE user_id = \(bind: user) AND enabled
            ON CONFLICT (user_id, source) DO NOTHING
            RETURNING stars
            """
        )
        guard !earned.isEmpty else { return }
        try await sql.direct(
            """
            UPDATE star_accounts SET balance = balance + \(bind: source.stars), earned = earned + \(bind: source.stars),
                updated_at = \(bind: now)
            WHERE user_id = \(bind: user)
            """
        )
    }
}
