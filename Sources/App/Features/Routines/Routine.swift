import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// A named routine of a user's plan ("Morning", "Swimming day"): activities at times of day,
/// over one or more days, to be placed on dates.
package final class Routine: Model, @unchecked Sendable {
    package static let schema = "routines"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "created_by") package var createdBy: User?
    @Field(key: "name") package var name: String
    /// The activities, as JSON `[Blueprint]`.
    @Field(key: "items") package var itemsJSON: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package init(user: UUID, createdBy: UUID, name: String, items: [Blueprint], now: Date) {
        self.$user.id = user
        self.$createdBy.id = createdBy
        self.name = name
        self.createdAt = now
        self.updatedAt = now
        self.items = items
    }

    package var items: [Blueprint] {
        get { (try? JSONDecoder().decode([Blueprint].self, from: Data(itemsJSON.utf8))) ?? [] }
        set { itemsJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }
}

/// One activity of a routine or a copy, without its date: the day (counted from the first) and
/// the time of day on the wall clock of the plan it is placed in.
package struct Blueprint: Codable, Sendable, Equatable {
    package struct Step: Codable, Sendable, Equatable {
        var text: String
        var pictogramId: UUID?
        var pictureId: UUID?
    }

    package var day: Int
    /// `HH:MM`.
    package var time: String
    package var durationMinutes: Int
    package var allDay: Bool
    package var title: String
    package var description: String?
    package var location: String?
    package var pictogramId: UUID?
    package var pictureId: UUID?
    package var colour: String
    package var steps: [Step]
    package var reminders: [Int]
    package var timer: Bool
    package var isPrivate: Bool

    package enum CodingKeys: String, CodingKey {
        case day, time, durationMinutes, allDay, title, description, location, pictogramId, pictureId, colour, steps
        case reminders, timer
        case isPrivate = "private"
    }

    /// The blueprint of an activity's occurrence starting at `start`, `day` days after the first.
    package init(_ activity: Activity, start: LocalDateTime, day: Int) {
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
