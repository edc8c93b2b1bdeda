import Fluent
import Vapor

/// Circles: the users a planner plans for, their planners, invitations and paired devices.
enum CirclesFeature: Feature {
    static var migrations: [any Migration] { [CreateInvitation(), CreatePairingCode()] }
    static var personIndexes: [(table: String, column: String)] {
        [
            ("invitations", "user_id"), ("invitations", "invited_by"), ("invitations", "email"),
            ("pairing_codes", "user_id"), ("pairing_codes", "created_by"),
        ]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: CirclesData.declarations, readers: CirclesData.readers)
    }
    static var routes: [any RouteCollection] {
        [UsersController(), PlannersController(), InvitationsController(), PairingController()]
    }
}
