import Fluent
import MobilizeCore
import Vapor

/// A user's reminder settings: quiet hours, sound, speech, the prompt as an activity starts, and
/// how many reminders an hour at most. Without settings of their own, the defaults.
struct RemindersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped("users", ":userId")
        user.get("reminder-settings", use: show)
        // A change is news for the user's screens.
        user.grouped(PlanChangeNotifier()).put("reminder-settings", use: update)
    }

    func show(req: Request) async throws -> ReminderSettingsDTO {
        let granted = try await CircleAccess(request: req).authorizeReminders(.read)
        let userID = try granted.subject.requireID()
        let settings = try await ReminderSettings.query(on: req.db).filter(\.$user.$id == userID).first()
        return ReminderSettingsDTO(settings ?? ReminderSettings(user: userID))
    }

    func update(req: Request) async throws -> ReminderSettingsDTO {
        let granted = try await CircleAccess(request: req).authorizeReminders(.configure)
        let body = try req.decode(ReminderSettingsDTO.self)
        let userID = try granted.subject.requireID()
        var validator = Validator()
        validator.require(ReminderRules.perHour.contains(body.perHour), "perHour", "is 1 to \(ReminderRules.perHour.upperBound)")
        var quiet: ReminderRules.QuietHours?
        if let hours = body.quietHours {
            quiet = ReminderRules.QuietHours(from: hours.from, until: hours.until)
            validator.require(quiet != nil, "quietHours", "is from and until, each HH:MM (00:00 to 23:59), not the same")
        }
        try validator.check()
        let settings = ReminderSettings(user: userID)
        settings.quietFrom = quiet?.fromText
        settings.quietUntil = quiet?.untilText
        settings.sound = body.sound
        settings.speech = body.speech
        settings.atStart = body.atStart
        settings.perHour = body.perHour
        settings.$updatedBy.id = granted.principal.userID
        settings.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await ReminderSettings.query(on: db).filter(\.$user.$id == userID).delete()
            try await settings.create(on: db)
        }
        return ReminderSettingsDTO(settings)
    }
}

struct ReminderSettingsDTO: StrictContent {
    static let allowedKeys: Set<String> = ["quietHours", "sound", "speech", "atStart", "perHour"]

    struct QuietHours: Content {
        let from: String
        let until: String
    }

    /// No reminders from `from` until `until` on the user's clock; null: none.
    let quietHours: QuietHours?
    let sound: Bool
    let speech: Bool
    /// A prompt as each activity starts (besides the activity's own reminders).
    let atStart: Bool
    let perHour: Int

    init(_ settings: ReminderSettings) {
        quietHours = settings.quietHours.map { QuietHours(from: $0.fromText, until: $0.untilText) }
        sound = settings.sound
        speech = settings.speech
        atStart = settings.atStart
        perHour = settings.perHour
    }
}
