import Fluent
import Foundation
import MobilizeCore
import Vapor

/// A due reminder, told to the user's open screens on every instance. The news names only the
/// reminders and their users; an instance with a screen of one of them reads the reminder and
/// sends `{"type":"reminder","reminder":{…}}` to each such screen.
enum ReminderNews {
    static let prefix = "remind:"
    /// Reminders one piece of news names (well within `NOTIFY`'s 8,000 bytes).
    static let perNews = 80

    static func payloads(_ reminders: [ReminderScheduler.Claimed]) -> [String] {
        reminders.chunks(of: perNews).map { chunk in
            prefix + chunk.map { "\($0.user.uuidString)/\($0.id.uuidString)" }.joined(separator: ",")
        }
    }

    static func register(on app: Application) {
        app.realtime.onNews(prefix) { payload in
            await deliver(payload, app: app)
        }
    }

    private static func deliver(_ payload: String, app: Application) async {
        var wanted: [UUID: UUID] = [:]
        for pair in payload.dropFirst(prefix.count).split(separator: ",") {
            let parts = pair.split(separator: "/")
            guard parts.count == 2, let user = UUID(uuidString: String(parts[0])), let id = UUID(uuidString: String(parts[1]))
            else { continue }
            wanted[id] = user
        }
        let open = app.realtime.connections(of: Set(wanted.values))
        guard !open.isEmpty else { return }
        let users = Set(open.map(\.userID))
        let ids = wanted.filter { users.contains($0.value) }.map(\.key)
        do {
            for frame in try await frames(ids, db: app.db) {
                for connection in open where connection.userID == frame.user {
                    connection.socket.send(frame.text, promise: nil)
                }
            }
        } catch {
            app.logger.warning("reminders not told", metadata: ["error": "\(type(of: error))"])
        }
    }

    struct Frame {
        let id: UUID
        let user: UUID
        let text: String
    }

    /// What the screens show: the activity's title and picture, when it starts, and whether to
    /// play a sound and read the title aloud.
    static func frames(_ ids: [UUID], db: any Database) async throws -> [Frame] {
        guard !ids.isEmpty else { return [] }
        let reminders = try await Reminder.query(on: db).filter(\.$id ~~ ids).with(\.$activity).with(\.$user).all()
        let settings = try await ReminderSettings.query(on: db).filter(\.$user.$id ~~ Array(Set(reminders.map(\.$user.id)))).all()
        let byUser = Dictionary(settings.map { ($0.$user.id, $0) }) { first, _ in first }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try reminders.sorted { $0.dueAt < $1.dueAt }.map { reminder in
            let setting = byUser[reminder.$user.id] ?? ReminderSettings(user: reminder.$user.id)
            let activity = reminder.activity
            let starts = LocalDateTime(iso: reminder.occurrenceStart)?.instant(in: activity.zone) ?? reminder.dueAt
            let frame = ReminderFrame(
                reminder: ReminderDTO(
                    id: try reminder.requireID(),
                    activityId: try activity.requireID(),
                    occurrenceStart: reminder.occurrenceStart,
                    startsAt: starts,
                    minutesBefore: reminder.offsetMinutes,
                    title: activity.title,
                    pictogramId: activity.pictogramID,
                    pictureId: activity.pictureID,
                    sound: setting.sound,
                    speech: setting.speech,
                    language: reminder.user.locale.rawValue
                )
            )
            return Frame(
                id: try reminder.requireID(),
                user: reminder.$user.id,
                text: String(decoding: try encoder.encode(frame), as: UTF8.self)
            )
        }
    }
}

struct ReminderFrame: Encodable {
    let type = "reminder"
    let reminder: ReminderDTO
}

struct ReminderDTO: Content {
    let id: UUID
    let activityId: UUID
    /// The occurrence, as the plan names it (`?occurrence=`).
    let occurrenceStart: String
    let startsAt: Date
    /// 0: it starts now.
    let minutesBefore: Int
    let title: String
    let pictogramId: UUID?
    let pictureId: UUID?
    let sound: Bool
    let speech: Bool
    /// The language to read the title aloud in.
    let language: String
}
