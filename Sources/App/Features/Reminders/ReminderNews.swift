import Fluent
import Foundation
import MobilizeCore
import Vapor

/// A due reminder, told to the user's open screens as `{"type":"reminder","reminder":{…}}`. The
/// instance that fires it tells its own sockets from what the firing read anyway; on PostgreSQL
/// the other instances hear news that names only the reminders and their users, and one with a
/// screen of one of them reads the reminder and tells that screen. An escalation to a planner
/// (rare, and not the reminder's user) travels whole.
enum ReminderNews {
    static let prefix = "remind:"
    static let wholePrefix = "escalate:"
    /// Reminders one piece of news names (well within `NOTIFY`'s 8,000 bytes).
    static let perNews = 80

    struct Frame: Sendable {
        let id: UUID
        /// Whose screens.
        let user: UUID
        let text: String
        /// Told to the other instances as it is, not by its id.
        var whole = false
    }

    /// Tells this instance's screens, then the other instances.
    static func tell(_ frames: [Frame], app: Application, instance: String) async {
        guard !frames.isEmpty else { return }
        send(frames, to: app.realtime.connections(of: Set(frames.map(\.user))))
        guard app.realtime.broadcast != nil else { return }
        let byID = frames.filter { !$0.whole }.chunks(of: perNews).map { chunk in
            prefix + instance + "|" + chunk.map { "\($0.user.uuidString)/\($0.id.uuidString)" }.joined(separator: ",")
        }
        let whole = frames.filter(\.whole).map { wholePrefix + instance + "|" + $0.user.uuidString + "|" + $0.text }
        await app.realtime.publish(byID + whole, db: app.db)
    }

    private static func send(_ frames: [Frame], to open: [RealtimeHub.Connection]) {
        guard !open.isEmpty else { return }
        let byUser = Dictionary(grouping: frames, by: \.user)
        for connection in open {
            for frame in byUser[connection.userID] ?? [] { connection.socket.send(frame.text, promise: nil) }
        }
    }

    static func register(on app: Application, instance: String) {
        app.realtime.onNews(prefix) { payload in
            await hear(payload, app: app, instance: instance)
        }
        app.realtime.onNews(wholePrefix) { payload in
            let parts = payload.dropFirst(wholePrefix.count).split(separator: "|", maxSplits: 2)
            guard parts.count == 3, parts[0] != instance, let user = UUID(uuidString: String(parts[1])) else { return }
            let open = app.realtime.connections(of: [user])
            for connection in open { connection.socket.send(String(parts[2]), promise: nil) }
        }
    }

    /// Another instance's reminders: told to this instance's screens of their users.
    private static func hear(_ payload: String, app: Application, instance: String) async {
        let body = payload.dropFirst(prefix.count)
        guard let bar = body.firstIndex(of: "|"), body[..<bar] != instance else { return }
        var wanted: [UUID: UUID] = [:]
        for pair in body[body.index(after: bar)...].split(separator: ",") {
            let parts = pair.split(separator: "/")
            guard parts.count == 2, let user = UUID(uuidString: String(parts[0])), let id = UUID(uuidString: String(parts[1]))
            else { continue }
            wanted[id] = user
        }
        let open = app.realtime.connections(of: Set(wanted.values))
        guard !open.isEmpty else { return }
        let users = Set(open.map(\.userID))
        do {
            send(try await frames(wanted.filter { users.contains($0.value) }.map(\.key), db: app.db), to: open)
        } catch {
            app.logger.warning("reminders not told", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// Reads reminders and makes their frames (on an instance that did not fire them).
    static func frames(_ ids: [UUID], db: any Database) async throws -> [Frame] {
        guard !ids.isEmpty else { return [] }
        let reminders = try await Reminder.query(on: db).filter(\.$id ~~ ids).with(\.$activity).with(\.$user).all()
        let settings = try await ReminderSettings.query(on: db).filter(\.$user.$id ~~ Array(Set(reminders.map(\.$user.id)))).all()
        let byUser = Dictionary(settings.map { ($0.$user.id, $0) }) { first, _ in first }
        return try reminders.sorted { $0.dueAt < $1.dueAt }.map { reminder in
            try frame(
                id: reminder.requireID(),
                user: reminder.$user.id,
                occurrenceStart: reminder.occurrenceStart,
                offsetMinutes: reminder.offsetMinutes,
                activity: reminder.activity,
                language: reminder.user.locale,
                settings: byUser[reminder.$user.id] ?? ReminderSettings(user: reminder.$user.id)
            )
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A frame as the sockets and push services carry it: JSON, dates in ISO 8601.
    static func text(of frame: some Encodable) throws -> String {
        String(decoding: try encoder.encode(frame), as: UTF8.self)
    }

    /// What the screens show: the activity's title and picture, when it starts, and whether to
    /// play a sound and read the title aloud.
    static func frame(
        id: UUID,
        user: UUID,
        occurrenceStart: String,
        offsetMinutes: Int,
        activity: Activity,
        language: Language,
        settings: ReminderSettings
    ) throws -> Frame {
        let starts = LocalDateTime(iso: occurrenceStart)?.instant(in: activity.zone) ?? Date()
        let frame = ReminderFrame(
            reminder: ReminderDTO(
                id: id,
                activityId: try activity.requireID(),
                occurrenceStart: occurrenceStart,
                startsAt: starts,
                minutesBefore: offsetMinutes,
                title: activity.title,
                pictogramId: activity.pictogramID,
                pictureId: activity.pictureID,
                sound: settings.sound,
                speech: settings.speech,
                language: language.rawValue
            )
        )
        return Frame(id: id, user: user, text: try text(of: frame))
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
