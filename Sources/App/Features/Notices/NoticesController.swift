import Fluent
import MobilizeCore
import Vapor

/// How the caller wants to be told, besides their screens and notifications: for now, whether an
/// activity not confirmed in time comes by mail too. A person's own choice; a paired device has none.
struct NoticesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mine = routes.grouped("me", "notice-settings")
        mine.get(use: show)
        mine.put(use: update)
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
        settings.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await NoticeSettings.query(on: db).filter(\.$user.$id == userID).delete()
            try await settings.create(on: db)
        }
        return NoticeSettingsDTO(settings)
    }
}

struct NoticeSettingsDTO: StrictContent {
    static let allowedKeys: Set<String> = ["escalationMail"]

    /// A mail too (to the confirmed address) when an activity of someone in one's circle is not
    /// confirmed in time. Default: on.
    let escalationMail: Bool

    init(_ settings: NoticeSettings) {
        escalationMail = settings.escalationMail
    }
}
