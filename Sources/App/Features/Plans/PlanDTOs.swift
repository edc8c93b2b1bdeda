import Foundation
import MobilizeCore
import Vapor

struct StepDTO: Content {
    var id: UUID
    var text: String
    @NullEncoded var pictogramId: UUID?
    @NullEncoded var pictureId: UUID?
}

struct ActivityDTO: Content {
    var id: UUID
    var userId: UUID
    @NullEncoded var createdBy: UUID?
    var title: String
    @NullEncoded var description: String?
    var start: String
    var end: String
    var timeZone: String
    var durationMinutes: Int
    var allDay: Bool
    @NullEncoded var location: String?
    @NullEncoded var recurrence: String?
    var exceptDates: [String]
    @NullEncoded var pictogramId: UUID?
    @NullEncoded var pictureId: UUID?
    var colour: String
    var steps: [StepDTO]
    var reminders: [Int]
    /// Asks to be marked done in time, or tells the planners it names.
    @NullEncoded var confirmation: ConfirmationDTO?
    var timer: Bool
    var `private`: Bool
    /// Set on an occurrence changed alone: its series, and the start it replaces.
    @NullEncoded var seriesId: UUID?
    @NullEncoded var originalStart: String?
    /// The goal an occurrence marked done counts for.
    @NullEncoded var goalId: UUID?
    var createdAt: Date
    var updatedAt: Date
}

extension Activity {
    var stepDTOs: [StepDTO] {
        steps.map { StepDTO(id: $0.id, text: $0.text, pictogramId: $0.pictogramId, pictureId: $0.pictureId) }
    }

    func toDTO() throws -> ActivityDTO {
        ActivityDTO(
            id: try requireID(),
            userId: $user.id,
            createdBy: $createdBy.id,
            title: title,
            description: details,
            start: start,
            end: startTime.map { $0.adding(minutes: durationMinutes).description } ?? start,
            timeZone: timeZone,
            durationMinutes: durationMinutes,
            allDay: allDay,
            location: location,
            recurrence: recurrence,
            exceptDates: exceptDates,
            pictogramId: pictogramID,
            pictureId: pictureID,
            colour: colour,
            steps: stepDTOs,
            reminders: reminders,
            confirmation: confirmWithin.map { ConfirmationDTO(withinMinutes: $0, tell: confirmTell) },
            timer: timer,
            private: isPrivate,
            seriesId: seriesID,
            originalStart: originalStart,
            goalId: $goal.id,
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}

/// The body of POST (every field but `title` and `start` optional) and PATCH (every field optional).
struct ActivityRequest: StrictContent {
    static let allowedKeys: Set<String> = [
        "title", "description", "start", "end", "timeZone", "durationMinutes", "allDay", "location", "recurrence",
        "exceptDates", "pictogramId", "pictureId", "colour", "steps", "reminders", "confirmation", "timer", "private",
        "goalId",
    ]

    struct Step: Codable, Sendable {
        var id: UUID?
        var text: String
        var pictogramId: UUID?
        var pictureId: UUID?
    }

    var title: String?
    var description: String?
    var start: String?
    var end: String?
    var timeZone: String?
    var durationMinutes: Int?
    var allDay: Bool?
    var location: String?
    var recurrence: String?
    var exceptDates: [String]?
    var pictogramId: UUID?
    var pictureId: UUID?
    var colour: String?
    var steps: [Step]?
    var reminders: [Int]?
    var confirmation: ConfirmationDTO?
    var timer: Bool?
    var `private`: Bool?
    var goalId: UUID?
}

/// An occurrence not marked done `withinMinutes` after its start is told, once, to the people in
/// `tell` (the user's planners).
struct ConfirmationDTO: Content, Equatable {
    var withinMinutes: Int
    var tell: [UUID]
}

struct OccurrenceDTO: Content {
    var activityId: UUID
    /// The start as the activity's rule names it, on its own wall clock: the key of this
    /// occurrence in `?occurrence=` and in `/occurrences/{localStart}/state`.
    var localStart: String
    /// The real start on the user's wall clock.
    var start: String
    var end: String
    /// Nil for another person's private activity, which shows only as busy.
    @NullEncoded var title: String?
    @NullEncoded var description: String?
    @NullEncoded var location: String?
    var busy: Bool
    var allDay: Bool
    var state: OccurrenceState.State
    /// The checklist, so that one request draws the whole day screen.
    var steps: [StepDTO]
    var stepsDone: [UUID]
    @NullEncoded var pictogramId: UUID?
    @NullEncoded var pictureId: UUID?
    @NullEncoded var colour: String?
    var timer: Bool
    var recurring: Bool
    /// Kept private by the user (who sees it with a lock; everyone else sees only busy).
    var `private`: Bool
    @NullEncoded var createdBy: UUID?
    /// For an occurrence changed alone: its series, and the series' start it replaces.
    @NullEncoded var seriesId: UUID?
    @NullEncoded var originalStart: String?
}

struct PlanDayDTO: Content {
    var date: String
    var occurrences: [OccurrenceDTO]
}

struct PlanDTO: Content {
    var userId: UUID
    var timeZone: String
    var from: String
    var to: String
    var days: [PlanDayDTO]
    /// What happens now and what comes next, when they fall in the range.
    @NullEncoded var now: OccurrenceDTO?
    @NullEncoded var next: OccurrenceDTO?
}

struct OccurrenceStateRequest: StrictContent {
    static let allowedKeys: Set<String> = ["state", "stepsDone"]
    var state: OccurrenceState.State
    var stepsDone: [UUID]?
}

struct OccurrenceStateDTO: Content {
    var activityId: UUID
    var start: String
    var state: OccurrenceState.State
    var stepsDone: [UUID]
    @NullEncoded var changedBy: UUID?
    var changedAt: Date
}

/// `GET /users/{id}/plan?from=&to=`: the first and last day, as given.
struct PlanQuery: QueryValues {
    var from: String?
    var to: String?
}

extension PlanQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(from: values.queryText(.from), to: values.queryText(.to))
    }
}
