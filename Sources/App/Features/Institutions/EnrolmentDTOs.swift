import Fluent
import MobilizeCore
import Vapor

struct EnrolRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "birthYear", "departmentId", "guardianEmails"]
    var name: String
    var birthYear: Int?
    var departmentId: UUID?
    var guardianEmails: [String]
}

struct AcceptEnrolmentRequest: StrictContent {
    static let allowedKeys: Set<String> = ["staffRole", "userId", "policyVersion"]
    /// The role the inviting staff member gets: planner, viewer, or none.
    var staffRole: String
    /// A child the guardian has already; without it the pupil's account is made.
    var userId: UUID?
    var policyVersion: Int?
}

struct EnrolmentDTO: Content {
    var id: UUID
    var name: String
    @NullEncoded var birthYear: Int?
    @NullEncoded var departmentId: UUID?
    @NullEncoded var departmentName: String?
    var status: Enrolment.Status
    /// The pupil's account once accepted.
    @NullEncoded var userId: UUID?
    var invitedByName: String
    /// The addresses invited, masked.
    var invited: [String]
    var createdAt: Date
}

/// An institution that serves a user, as the user's circle sees it.
struct UserInstitutionDTO: Content {
    var institutionId: UUID
    var name: String
    var since: Date
    /// Its staff who plan with the user through it.
    var planners: [String]
}

struct EnrolmentPreviewDTO: Content {
    var institutionName: String
    var pupilName: String
    @NullEncoded var birthYear: Int?
    @NullEncoded var departmentName: String?
    var invitedByName: String
    var sentTo: String
    var forYou: Bool
    var emailVerified: Bool
    var status: Invitation.Status
    /// Another guardian accepted already: accepting makes you a guardian of the same pupil.
    var accepted: Bool
}
