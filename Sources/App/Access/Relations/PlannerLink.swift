import Fluent
import MobilizeCore
import Vapor

/// A planner of a user, with their role. The policy's "relationships between users".
final class PlannerLink: Model, @unchecked Sendable {
    static let schema = "planner_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "planner_id") var planner: User
    @Field(key: "role") var role: PlannerRole
    /// The institution whose enrolment made the link (a teacher): it ends with the institution's.
    @OptionalField(key: "institution_id") var institutionID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, plannerID: UUID, role: PlannerRole, createdAt: Date) {
        self.$user.id = userID
        self.$planner.id = plannerID
        self.role = role
        self.createdAt = createdAt
    }
}
