import Fluent
import MobilizeCore
import Vapor

/// Who is calling: the signed-in user and the session they called with. In child mode the
/// session acts as the child's device: `user` is the child, and the actor a device.
struct Principal: Authenticatable, Sendable {
    let user: User
    let session: AuthSession

    init(session: AuthSession) {
        self.session = session
        self.user = session.$lockedTo.value.flatMap { $0 } ?? session.user
    }

    var userID: UUID { session.$lockedTo.id ?? session.$user.id }
    var actorKind: ActorKind { session.kind == .device || session.$lockedTo.id != nil ? .device : .person }
}

extension Request {
    /// The caller, or 401.
    var principal: Principal {
        get throws {
            guard let principal = auth.get(Principal.self) else { throw Problem.unauthorized() }
            return principal
        }
    }

    /// The caller when signed in as a person; a paired device gets 403.
    var person: Principal {
        get throws {
            let principal = try principal
            guard principal.actorKind == .person else {
                throw Problem.forbidden("A paired device cannot do this.")
            }
            return principal
        }
    }
}
