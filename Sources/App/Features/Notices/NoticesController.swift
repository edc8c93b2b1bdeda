import Fluent
import MobilizeCore
import Vapor

/// How the caller wants to be told, besides their screens and notifications: whether an activity
/// not confirmed in time comes by mail too, a daily summary, service news. A person's own choice;
/// a paired device has none. And the unsubscribe link of a service notice, which needs no sign-in.
struct NoticesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mine = routes.grouped("me", "notice-settings")
        mine.get(use: show)
        mine.put(use: update)
        routes.post("notices", "unsubscribe", use: unsubscribe)
    }

    func unsubscribe(req: Request) async throws -> HTTPStatus {
        let body = try req.decode(UnsubscribeRequest.self)
        guard try await ServiceNotices.unsubscribe(token: body.token, db: req.db, now: req.now) else {
            throw Problem(
                .notFound,
                detail: "This unsubscribe link is not known, or more than 30 days old. Service news is turned off under My account."
            )
        }
        return .noContent
    }

    func show(req: Request) async throws -> NoticeSettingsDTO {
        let userID = try req.person.userID
        let settings = try await NoticeSettings.query(on: req.db).filter(\.$user.$id == userID).first()
        return NoticeSettingsDTO(settings ?? NoticeSettings(user: userID))
    }

    func update(req: Request) async throws -> NoticeSettingsDTO {
        let userID = try req.person.userID
        let body = try req.decode(NoticeSettingsDTO.self)
        let settings = NoticeSettings(user: userID)
        settings.escalationMail = body.escalationMail
        settings.escalationSMS = body.escalationSms
        settings.dailySummary = body.dailySummary
        settings.serviceNews = body.serviceNews
        settings.updatedAt = req.now
        try await req.db.writeTransaction { db in
            // The day of the last summary stays, so that turning it off and on sends no second one.
            let old = try await NoticeSettings.query(on: db).filter(\.$user.$id == userID).first()
            settings.summarySentOn = old?.summarySentOn
            try await NoticeSettings.query(on: db).filter(\.$user.$id == userID).delete()
            try await settings.create(on: db)
        }
        return NoticeSettingsDTO(settings)
    }
}

struct NoticeSettingsDTO: StrictContent {
    static let allowedKeys: Set<String> = ["escalationMail", "escalationSms", "dailySummary", "serviceNews"]

    /// A mail too (to the confirmed address) when an activity of someone in one's circle is not
    /// confirmed in time. Default: on.
    let escalationMail: Bool
    /// An SMS too (to the proved number, when the server has an SMS gateway). Default: off.
    let escalationSms: Bool
    /// Each evening at 19:00 on one's own clock, what was marked done that day in the plans one
    /// plans for. Default: off.
    let dailySummary: Bool
    /// Service news that is not essential (updates). Default: on.
    let serviceNews: Bool

    init(_ settings: NoticeSettings) {
        escalationMail = settings.escalationMail
        escalationSms = settings.escalationSMS
        dailySummary = settings.dailySummary
        serviceNews = settings.serviceNews
    }
}

struct UnsubscribeRequest: StrictContent {
    static let allowedKeys: Set<String> = ["token"]
    let token: String
}
