import Fluent
import Vapor

/// Institutions: schools and municipalities, their staff, the users they serve, enrolments.
enum InstitutionsFeature: Feature {
    static var migrations: [any Migration] {
        [
            CreateInstitution(), CreateDepartment(), CreateStaffMembership(), CreateStaffInvitation(),
            CreateServedUser(), CreateEnrolment(),
        ]
    }
    static var personIndexes: [(table: String, column: String)] {
        [
            ("staff_memberships", "user_id"), ("staff_invitations", "invited_by"), ("staff_invitations", "email"),
            ("institution_users", "user_id"), ("institution_users", "added_by"),
        ]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: InstitutionsData.declarations, readers: InstitutionsData.readers)
    }
    static var routes: [any RouteCollection] { [InstitutionsController(), EnrolmentsController()] }
}
