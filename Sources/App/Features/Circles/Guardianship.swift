import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// A child (under 13, or without a login of their own) always keeps a guardian: removing, demoting
/// or erasing the last one is refused with what to do instead. The check and the change happen in
/// one transaction that locks the user's guardian links, so two guardians removing each other at
/// once cannot both succeed.
enum Guardianship {
    /// Sets the link's role, or deletes it (`role` nil), unless that leaves `subject` without the
    /// guardian they need.
    static func change(_ link: PlannerLink, to role: PlannerRole?, of subject: User, at now: Date, on db: any Database)
        async throws
    {
        let subjectID = try subject.requireID()
        let linkID = try link.requireID()
        let (name, needsGuardian) = (subject.name, subject.guardianActs(at: now))
        try await db.writeTransaction { db in
            if needsGuardian, link.role == .guardian, role != .guardian {
                let guardians = try await lockedGuardians(of: subjectID, on: db)
                if guardians.count <= 1 { throw Problem.guardianNeeded([name]) }
            }
            if let role {
                try await PlannerLink.query(on: db).filter(\.$id == linkID).set(\.$role, to: role).update()
            } else {
                try await PlannerLink.query(on: db).filter(\.$id == linkID).delete()
            }
        }
        link.role = role ?? link.role
    }

    /// The people `guardian` is the only guardian of while they need one and are not being erased
    /// themselves: whom erasing `guardian` would leave without one.
    static func dependants(of guardian: UUID, at now: Date, on db: any Database) async throws -> [User] {
        let links = try await PlannerLink.query(on: db).filter(\.$planner.$id == guardian).filter(\.$role == .guardian)
            .with(\.$user).all()
        var alone: [User] = []
        for link in links where link.user.guardianActs(at: now) && link.user.erasureDueAt == nil {
            let others = try await PlannerLink.query(on: db).filter(\.$user.$id == link.$user.id)
                .filter(\.$role == .guardian).filter(\.$planner.$id != guardian).count()
            if others == 0 { alone.append(link.user) }
        }
        return alone
    }

    /// Refuses to erase `guardian` while someone depends on them.
    static func ensureNoDependants(of guardian: UUID, at now: Date, on db: any Database) async throws {
        let alone = try await dependants(of: guardian, at: now, on: db)
        if !alone.isEmpty { throw Problem.guardianNeeded(alone.map(\.name)) }
    }

    /// The user's guardian links, locked until the transaction ends (PostgreSQL; SQLite's write
    /// transaction holds the whole database already).
    private static func lockedGuardians(of userID: UUID, on db: any Database) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            return try await PlannerLink.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .guardian).all()
                .compactMap(\.id)
        }
        return try await sql.raw(
            """
            SELECT id FROM \(ident: PlannerLink.schema)
            WHERE user_id = \(bind: userID) AND role = 'guardian' FOR UPDATE
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
    }
}
