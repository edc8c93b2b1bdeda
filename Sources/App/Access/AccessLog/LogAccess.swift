import Fluent
import MobilizeCore
import Vapor

extension Request {
    /// Records that the caller read or changed someone else's data.
    func logAccess(to subjectID: UUID, action: String, role: String) async throws {
        try await logAccess(to: [subjectID], action: action, role: role)
    }

    /// Records one entry per person, in one transaction (a list of people is read at once).
    func logAccess(to subjectIDs: [UUID], action: String, role: String) async throws {
        try await logAccess(to: subjectIDs, by: self.principal.userID, action: action, role: role)
    }

    /// As above for an actor known otherwise than by the session (the owner of a calendar feed).
    func logAccess(to subjectIDs: [UUID], by actorID: UUID, action: String, role: String) async throws {
        let route =
            self.route.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }
            ?? "(unknown)"
        let userAgent = headers.first(name: .userAgent)
        var subjects = subjectIDs.filter { $0 != actorID }
        // A screen of thumbnails is one read, not thirty: the same read by the same person from
        // the same place is written once per window. Every change is written.
        if action == "read" {
            subjects = application.readCoalescing.admit(
                subjects,
                actor: actorID,
                route: route,
                ip: clientIP,
                userAgent: userAgent,
                at: now
            )
        }
        guard !subjects.isEmpty else { return }
        let platform = UserAgent(header: userAgent).platform
        let fresh = subjects.map {
            AccessLog.Event(
                actorID: actorID,
                actorRole: role,
                subjectID: $0,
                action: action,
                route: route,
                ip: clientIP,
                platform: platform,
                at: now
            )
        }
        guard !fresh.isEmpty else { return }
        await application.accessLogWriter.write(fresh)
    }
}
