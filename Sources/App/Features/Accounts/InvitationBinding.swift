import Fluent
import SQLKit
import MobilizeCore
import Vapor

/// A mailed invitation (to plan for a user, or to be staff) is for the address it was sent to:
/// accepting it needs an account with that address, confirmed. Whoever else holds the link learns
/// only a masked form of the address.
enum InvitationBinding {
    static func check(_ principal: Principal, sentTo address: String) throws {
        guard principal.user.email == address else {
            throw Problem.invitationForAnotherAddress(Rules.maskedEmail(address))
        }
        guard principal.user.emailVerifiedAt != nil else { throw Problem.emailNotVerified() }
    }

    /// Marks a pending invitation with `status` in one statement; false when another request
    /// (the same link opened twice at once) did it first.
    static func settle(_ table: String, id: UUID, as status: String, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return true }
        return try await sql.raw(
            """
            UPDATE \(ident: table) SET status = \(bind: status)
            WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """
        ).first() != nil
    }
}
