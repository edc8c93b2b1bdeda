import SQLKit
import Vapor

/// Realtime: the live-update sockets and the news they are told, shared by every instance.
enum RealtimeFeature: Feature {
    static var routes: [any RouteCollection] { [RealtimeController()] }
    static var noticeChannels: [NoticeChannel] { [RealtimeHub.noticeChannel] }

    static func configure(_ app: Application) throws {
        app.realtime = RealtimeHub()
        if case .postgres = app.config.database {
            app.realtime.broadcast = { payload in
                guard let sql = app.db as? any SQLDatabase else { return }
                // Best effort: a notice lost here is caught up when the device next reads its plan.
                try? await sql.raw("SELECT pg_notify(\(bind: RealtimeHub.channel), \(bind: payload))").run()
            }
        }
        app.lifecycle.use(RealtimeSessions())
    }
}
