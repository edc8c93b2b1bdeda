import Fluent
import MobilizeCore
import Vapor

extension InstitutionsController {
    /// Whom the institution serves: admins see all, staff those of their group. Names, group and
    /// app only, never plans: a plan takes being the user's planner.
    func servedUsers(req: Request) async throws -> Page<ServedUserDTO> {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let institutionID = granted.institutionID
        let query = ServedUser.query(on: req.db).filter(\.$institution.$id == institutionID).with(\.$user)
        if granted.role == .staff {
            let group = try await StaffMembership.query(on: req.db).filter(\.$institution.$id == institutionID)
                .filter(\.$user.$id == granted.principal.userID).first()?.$department.id
            // Staff without a group see those they enrolled; with one, its pupils.
            query.group(.or) { shown in
                shown.filter(\.$addedBy.$id == granted.principal.userID)
                if let group { shown.filter(\.$department.$id == group) }
            }
        }
        let page = try await PageRequest(req).fetch(query) {
            ServedUserDTO(userId: $0.$user.id, name: $0.user.name, app: $0.user.app, departmentId: $0.$department.id)
        }
        try await req.logAccess(to: page.items.map(\.userId), action: "read name", role: "staff")
        return page
    }

    /// Linking a user to an institution takes a guardian of the user who is staff there.
    func serveUser(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let body = try req.decode(ServeUserRequest.self)
        let relationship = try await CircleAccess(request: req).relationship(
            of: granted.principal.userID,
            to: body.userId
        )
        guard relationship == .planner(.guardian), let user = try await User.find(body.userId, on: req.db) else {
            throw Problem.invalid("userId", "must be a user you are guardian of")
        }
        let institutionID = granted.institutionID
        if try await ServedUser.query(on: req.db).filter(\.$institution.$id == institutionID)
            .filter(\.$user.$id == body.userId).first() != nil
        {
            throw Problem.conflict("The institution serves this user already.")
        }
        try await ServedUser(
            institutionID: institutionID,
            userID: body.userId,
            addedBy: granted.principal.userID,
            createdAt: req.now
        ).create(on: req.db)
        return try await ServedUserDTO(userId: body.userId, name: user.name, app: user.app, departmentId: nil)
            .encodeResponse(status: .created, for: req)
    }

    /// A guardian of the user, or an admin of the institution, ends the link, and with it the
    /// planner links the institution's enrolment made and every device those planners opened for
    /// the user, at once.
    func stopServing(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let institutionID = try req.id("institutionId")
        let userID = try req.id("userId")
        let isGuardian =
            try await CircleAccess(request: req).relationship(of: principal.userID, to: userID) == .planner(.guardian)
        if !isGuardian {
            _ = try await InstitutionAccess(request: req).authorize(.manage)
        }
        guard
            let link = try await ServedUser.query(on: req.db)
                .filter(\.$institution.$id == institutionID).filter(\.$user.$id == userID).first()
        else { throw Problem.notFound() }
        let ended = try await req.db.writeTransaction { db -> [UUID] in
            try await link.delete(on: db)
            let planners = try await PlannerLink.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$institutionID == institutionID).all()
            var ended: [UUID] = []
            for planner in planners {
                ended += try await SessionRevocation.endOpened(by: planner.$planner.id, for: userID, on: db)
                try await planner.delete(on: db)
            }
            return ended
        }
        req.application.accessCache.forget(subject: userID)
        await req.application.realtime.sessionsEnded(ended)
        return .noContent
    }
}
