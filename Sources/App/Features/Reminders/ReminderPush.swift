import Fluent
import Foundation
import Vapor

/// Due reminders as Web Push messages, for the browsers their people let show notifications (an
/// installed app on a phone that sleeps). The message is the socket's frame, encrypted for each
/// browser; it lives at the push service until its occurrence ends, and the browser shows one
/// notification per reminder (its id is the notification's tag).
enum ReminderPush {
    static func send(_ frames: [ReminderNews.Frame], ends: [UUID: Date], app: Application, now: Date) async {
        guard !frames.isEmpty else { return }
        do {
            let subscribers = try await app.push.subscribers(
                among: Array(Set(frames.map(\.user))), db: app.db, now: now, config: app.config
            )
            let messages = frames.filter { subscribers.contains($0.user) }.map { frame in
                PushSender.Message(
                    userID: frame.user,
                    payload: Data(frame.text.utf8),
                    ttl: max(60, Int((ends[frame.id] ?? now).timeIntervalSince(now))),
                    topic: nil
                )
            }
            guard !messages.isEmpty else { return }
            await app.push.send(messages, db: app.db, now: now, config: app.config, logger: app.logger)
        } catch {
            app.logger.warning("reminders not pushed", metadata: ["error": "\(type(of: error))"])
        }
    }
}
