import Fluent
import MobilizeCore
import Vapor

/// Reading an activity's fields from a request body.
extension PlansController {
    /// The keys a PATCH sets to null (to clear them).
    static func nulls(in req: Request) throws -> Set<String> {
        guard let buffer = req.body.data,
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]
        else { return [] }
        return Set(object.filter { $0.value is NSNull }.keys)
    }

    /// Validates the fields given and sets them; a field error names the field, and nothing is saved.
    func apply(
        _ body: ActivityRequest,
        nulls: Set<String>,
        to activity: Activity,
        granted: CircleAccess.Granted,
        req: Request
    ) async throws {
        let userID = try granted.subject.requireID()
        var fields = ActivityFields(body: body, nulls: nulls, activity: activity)
        fields.applyText()
        fields.applyTiming()
        fields.applyColour()
        fields.applyRepetition()
        fields.applyReminders()
        try await fields.applyConfirmation(user: userID, db: req.db)
        fields.applyPrivacy(principal: granted.principal.userID, user: userID)
        // Pictures: a pictogram the user may see, or one of the user's own pictures.
        let pictures = PictureAccess(
            catalog: PictogramCatalog(request: req, principal: granted.principal, user: userID, lang: "en"),
            db: req.db,
            user: userID
        )
        try await fields.applyPictures(pictures)
        try await fields.applySteps(pictures)
        try await fields.applyGoal(user: userID, db: req.db)
        if fields.validator.errors.isEmpty { Self.checkSeries(of: activity, by: &fields.validator) }
        try fields.validator.check()
    }

    /// A rule must occur, and a counted one must reach its end, within the work one request may
    /// spend: such a rule is then cheap to read in any week.
    static func checkSeries(of activity: Activity, by validator: inout MobilizeCore.Validator) {
        guard let rule = activity.rule, let start = activity.startTime else { return }
        var budget = ExpansionBudget()
        do {
            if try rule.first(from: start, in: activity.zone, budget: &budget) == nil {
                validator.require(false, "recurrence", "has no occurrence on or after the start")
            } else {
                _ = try activity.seriesLastStart(budget: &budget)
            }
        } catch {
            validator.require(
                false,
                "recurrence",
                "repeats too rarely to work out: it must occur, and reach its COUNT, within a few thousand periods"
            )
        }
    }
}

/// The pictures an activity may show: a pictogram the user may see, or one of the user's own pictures.
struct PictureAccess {
    let catalog: PictogramCatalog
    let db: any Database
    let user: UUID

    func pictogramVisible(_ id: UUID) async -> Bool { (try? await catalog.find(id)) != nil }

    func ownPicture(_ id: UUID) async throws -> Bool {
        try await Picture.query(on: db).filter(\.$id == id).filter(\.$user.$id == user).filter(\.$scope == nil)
            .count() == 1
    }
}

/// The fields of an activity request, checked and set on the activity one group at a time, in the
/// order their errors are reported.
private struct ActivityFields {
    let body: ActivityRequest
    /// The keys a PATCH sets to null (to clear them).
    let nulls: Set<String>
    let activity: Activity
    var validator = MobilizeCore.Validator()

    /// The title, description and location.
    mutating func applyText() {
        if let title = body.title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.require((1...200).contains(Rules.length(trimmed)), "title", "must be 1 to 200 characters")
            activity.title = trimmed
        }
        if let text = body.description {
            validator.require(Rules.length(text) <= 2000, "description", "may be at most 2000 characters")
        }
        if body.description != nil || nulls.contains("description") { activity.details = body.description }
        if let text = body.location {
            validator.require(Rules.length(text) <= 200, "location", "may be at most 200 characters")
        }
        if body.location != nil || nulls.contains("location") { activity.location = body.location }
    }

    /// The zone, the start, how long (or until when), all day, and the timer.
    mutating func applyTiming() {
        if let zone = body.timeZone {
            validator.timeZone(zone)
            activity.timeZone = zone
        }
        if let start = body.start {
            validator.require(
                LocalDateTime(iso: start).map { PlanWindow.contains($0.date) } ?? false,
                "start",
                "must be a local date-time such as 2026-12-01T07:30, \(PlanWindow.description)"
            )
            activity.start = start
        }
        if let minutes = body.durationMinutes {
            validator.require((0...10_080).contains(minutes), "durationMinutes", "must be 0 to 10080 minutes")
            activity.durationMinutes = minutes
        }
        if let end = body.end {
            if let endTime = LocalDateTime(iso: end), let startTime = LocalDateTime(iso: activity.start) {
                let minutes = endTime.minutes - startTime.minutes
                validator.require((0...10_080).contains(minutes), "end", "must be after the start, within a week")
                activity.durationMinutes = minutes
            } else {
                validator.require(false, "end", "must be a local date-time such as 2026-12-01T08:00")
            }
        }
        if let allDay = body.allDay { activity.allDay = allDay }
        if let timer = body.timer { activity.timer = timer }
    }

    mutating func applyColour() {
        guard let colour = body.colour else { return }
        let valid = colour.count == 7 && colour.hasPrefix("#") && colour.dropFirst().allSatisfy(\.isHexDigit)
        validator.require(valid, "colour", "must be a colour such as #4A90D9")
        activity.colour = colour.uppercased()
    }

    /// The rule and the dates it skips.
    mutating func applyRepetition() {
        if let rule = body.recurrence {
            do {
                _ = try RecurrenceRule(parsing: rule)
                activity.recurrence = rule
            } catch {
                validator.require(false, "recurrence", error.description)
            }
        } else if nulls.contains("recurrence") {
            activity.recurrence = nil
        }
        if let dates = body.exceptDates {
            validator.require(dates.count <= 366, "exceptDates", "may hold at most 366 dates")
            validator.require(
                dates.allSatisfy { LocalDate(iso: $0).map(PlanWindow.contains) ?? false },
                "exceptDates",
                "must be dates such as 2026-12-24, \(PlanWindow.description)"
            )
            activity.exceptDates = dates
        }
    }

    mutating func applyReminders() {
        guard let reminders = body.reminders else { return }
        validator.require(reminders.count <= 10, "reminders", "may hold at most 10 reminders")
        validator.require(
            reminders.allSatisfy { (0...10_080).contains($0) },
            "reminders",
            "are minutes before the start, 0 to 10080"
        )
        activity.reminders = reminders
    }

    /// Confirmation: some minutes to mark it done, and one to ten of the user's planners to tell.
    mutating func applyConfirmation(user: UUID, db: any Database) async throws {
        if let confirmation = body.confirmation {
            let within = ReminderRules.Confirmation.within
            validator.require(
                within.contains(confirmation.withinMinutes),
                "confirmation.withinMinutes",
                "is minutes after the start, \(within.lowerBound) to \(within.upperBound)"
            )
            let tell = confirmation.tell
            validator.require(
                (1...ReminderRules.Confirmation.tellAtMost).contains(tell.count) && Set(tell).count == tell.count,
                "confirmation.tell",
                "names 1 to \(ReminderRules.Confirmation.tellAtMost) different people to tell"
            )
            if tell.count <= ReminderRules.Confirmation.tellAtMost {
                let planners = try await PlannerLink.query(on: db).filter(\.$user.$id == user)
                    .filter(\.$planner.$id ~~ tell).all().map(\.$planner.id)
                validator.require(
                    Set(planners) == Set(tell),
                    "confirmation.tell",
                    "names only people in this user's circle"
                )
            }
            activity.confirmWithin = confirmation.withinMinutes
            activity.confirmTell = tell
        } else if nulls.contains("confirmation") {
            activity.confirmWithin = nil
            activity.confirmTell = []
        }
        if activity.confirmWithin != nil {
            validator.require(!activity.allDay, "confirmation", "needs a time of day: an activity lasting all day has no start to count from")
        }
    }

    /// Only the user keeps their own activities private.
    mutating func applyPrivacy(principal: UUID, user: UUID) {
        guard let isPrivate = body.private else { return }
        validator.require(
            !isPrivate || (principal == user && activity.$createdBy.id == user),
            "private",
            "only the user may keep their own activities private"
        )
        activity.isPrivate = isPrivate
    }

    /// The goal it counts for: one of the user's, not archived.
    mutating func applyGoal(user: UUID, db: any Database) async throws {
        if let id = body.goalId {
            let goal = try await Goal.query(on: db).filter(\.$id == id).filter(\.$user.$id == user)
                .filter(\.$status != .archived).first()
            validator.require(goal != nil, "goalId", "is not a goal of this user (archived goals count nothing)")
            activity.$goal.id = id
        } else if nulls.contains("goalId") {
            activity.$goal.id = nil
        }
    }

    /// The activity's pictogram and picture.
    mutating func applyPictures(_ pictures: PictureAccess) async throws {
        if let id = body.pictogramId {
            validator.require(
                await pictures.pictogramVisible(id),
                "pictogramId",
                "is not a pictogram this user can see"
            )
        }
        if body.pictogramId != nil || nulls.contains("pictogramId") { activity.pictogramID = body.pictogramId }
        if let id = body.pictureId {
            validator.require(try await pictures.ownPicture(id), "pictureId", "is not a picture of this user")
        }
        if body.pictureId != nil || nulls.contains("pictureId") { activity.pictureID = body.pictureId }
    }

    /// The checklist: each step's text, pictogram and picture.
    mutating func applySteps(_ pictures: PictureAccess) async throws {
        guard let steps = body.steps else { return }
        validator.require(steps.count <= 50, "steps", "may hold at most 50 steps")
        var checked: [Activity.Step] = []
        for step in steps {
            let text = step.text.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.require(
                (1...200).contains(Rules.length(text)),
                "steps",
                "each step needs a text of 1 to 200 characters"
            )
            if let id = step.pictogramId {
                validator.require(
                    await pictures.pictogramVisible(id),
                    "steps",
                    "a step's pictogram is not one this user can see"
                )
            }
            if let id = step.pictureId {
                validator.require(
                    try await pictures.ownPicture(id),
                    "steps",
                    "a step's picture is not a picture of this user"
                )
            }
            checked.append(
                .init(id: step.id ?? UUID(), text: text, pictogramId: step.pictogramId, pictureId: step.pictureId)
            )
        }
        activity.steps = checked
    }
}
