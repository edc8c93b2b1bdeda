import Fluent
import Foundation
import SQLKit
import Vapor

/// Sessions opened for someone else end with the right that opened them: a device a planner paired
/// for a child, and the planner's own session handed to a child in child mode, end when the
/// planner is removed, made a viewer, blocked or erased. They end everywhere at once: the rows go,
/// and their live sockets close on every instance.
enum SessionRevocation {
    /// Ends the sessions `opener` opened for `user`, or for anyone when `user` is nil; answers
    /// their ids.
    @discardableResult
    static func endOpened(by opener: UUID, for user: UUID?, on db: any Database) async throws -> [UUID] {
        let query = AuthSession.query(on: db).filter(\.$openedBy.$id == opener)
        if let user {
            query.group(.or) { $0.filter(\.$user.$id == user).filter(\.$lockedTo.$id == user) }
        } else {
            query.group(.or) { $0.filter(\.$user.$id != opener).filter(\.$lockedTo.$id != nil) }
        }
        let ids = try await query.all().compactMap(\.id)
        try await delete(ids, on: db)
        return ids
    }

    static func delete(_ ids: [UUID], on db: any Database) async throws {
        for chunk in ids.chunks() { try await AuthSession.query(on: db).filter(\.$id ~~ chunk).delete() }
    }
}

extension Request {
    /// Ends the sessions `opener` opened for `user` (or for anyone), and closes their sockets on
    /// every instance. Inside a transaction, pass its database and close with the ids afterwards.
    func endSessions(openedBy opener: UUID, for user: UUID?) async throws {
        let ids = try await SessionRevocation.endOpened(by: opener, for: user, on: db)
        await application.realtime.sessionsEnded(ids)
    }
}
