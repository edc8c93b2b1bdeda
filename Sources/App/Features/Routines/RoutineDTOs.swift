import Fluent
import MobilizeCore
import Vapor

struct RoutineRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name", "from", "to", "activityIds"]
    var name: String?
    var from: String?
    var to: String?
    var activityIds: [UUID]?
}

struct PlaceRequest: StrictContent {
    static let allowedKeys: Set<String> = ["from", "to", "dates", "targetUserId", "onClash", "dryRun"]
    /// For a copy: the first and last day copied.
    var from: String?
    var to: String?
    /// Where the first day goes, once per date.
    var dates: [String]?
    var targetUserId: UUID?
    var onClash: Placement.OnClash?
    var dryRun: Bool?
}

struct RoutineDTO: Content {
    var id: UUID
    var userId: UUID
    @NullEncoded var createdBy: UUID?
    var name: String
    var items: [Blueprint]
    var createdAt: Date
    var updatedAt: Date
}
