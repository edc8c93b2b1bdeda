import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// A named routine of a user's plan ("Morning", "Swimming day"): activities at times of day,
/// over one or more days, to be placed on dates.
final class Routine: Model, @unchecked Sendable {
    static let schema = "routines"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "created_by") var createdBy: User?
    @Field(key: "name") var name: String
    /// The activities, as JSON `[Blueprint]`.
    @Field(key: "items") var itemsJSON: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(user: UUID, createdBy: UUID, name: String, items: [Blueprint], now: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.name = name
        self.createdAt = now
        self.updatedAt = now
        self.items = items
    }

    var items: [Blueprint] {
        get { (try? JSONDecoder().decode([Blueprint].self, from: Data(itemsJSON.utf8))) ?? [] }
        set { itemsJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }
}

/// One activity of a routine or a copy, without its date: the day (counted from the first) and
/// the time of day on the wall clock of the plan it is placed in.
struct Blueprint: Codable, Sendable, Equatable {
    struct Step: Codable, Sendable, Equatable {
        var text: String
        var pictogramId: UUID?
        var pictureId: UUID?
    }

    var day: Int
    /// `HH:MM`.
    var time: String
    var durationMinutes: Int
    var allDay: Bool
    var title: String
    var description: String?
    var location: String?
    var pictogramId: UUID?
    var pictureId: UUID?
    var colour: String
    var steps: [Step]
    var reminders: [Int]
    var timer: Bool
    var isPrivate: Bool

    enum CodingKeys: String, CodingKey {
        case day, time, durationMinutes, allDay, title, description, location, pictogramId, pictureId, colour, steps
        case reminders, timer
        case isPrivate = "private"
    }

    /// The blueprint of an activity's occurrence starting at `start`, `day` days after the first.
    init(_ activity: Activity, start: LocalDateTime, day: Int) {
        self.day = day
        self.time = String(format: "%02d:%02d", start.hour, start.minute)
        self.durationMinutes = activity.durationMinutes
        self.allDay = activity.allDay
        self.title = activity.title
        self.description = activity.details
        self.location = activity.location
        self.pictogramId = activity.pictogramID
        self.pictureId = activity.pictureID
        self.colour = activity.colour
        self.steps = activity.steps.map { Step(text: $0.text, pictogramId: $0.pictogramId, pictureId: $0.pictureId) }
        self.reminders = activity.reminders
        self.timer = activity.timer
        self.isPrivate = activity.isPrivate
    }
}
