import Fluent
import MobilizeCore
import Vapor

/// A planner of a user, with their role. The policy's "relationships between users".
package final class PlannerLink: Model, @unchecked Sendable {
    package static let schema = "planner_links"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Parent(key: "planner_id") package var planner: User
    @Field(key: "role") package var role: PlannerRole
    /// The institution whose enrolment made the link (a teacher): it ends with the institution's.
    @OptionalField(key: "institution_id") package var institutionID: UUID?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(userID: UUID, plannerID: UUID, role: PlannerRole, createdAt: Date) {
        self.$user.id = userID
        self.$planner.id = plannerID
        self.role = role
        self.createdAt = createdAt
    }
}
