import Fluent
import MobilizeCore
import Vapor

/// The users a planner plans for, and creating a user without email (a child).
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: list)
        users.post(use: create)
        users.get(":userId", use: show)
        users.patch(":userId", use: update)
    }

    func list(req: Request) async throws -> Page<PlannedUserDTO> {
        let principal = try req.person
        let query = PlannerLink.query(on: req.db).filter(\.$planner.$id == principal.userID).with(\.$user)
        return try await PageRequest(req).fetch(query) { PlannedUserDTO(user: try $0.user.toDTO(), role: $0.role) }
    }

    /// The creator becomes the new user's guardian.
    func create(req: Request) async throws -> Response {
        let principal = try req.person
        let body = try req.decode(CreateUserRequest.self)
        var validator = Validator()
        validator.name(body.name)
        validator.policyVersion(body.policyVersion, current: PrivacyPolicy.current.version)
        validator.timeZone(body.timeZone)
        validator.birthYear(body.birthYear, currentYear: req.now.calendarYear)
        try validator.check()
        let user = User(
            name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            locale: body.locale ?? principal.user.locale,
            app: body.app,
            timeZone: body.timeZone ?? "Europe/Copenhagen",
            birthYear: body.birthYear,
            activeAt: req.now
        )
        try await req.db.writeTransaction { db in
            try await user.create(on: db)
            if let version = body.policyVersion {
                try await Consent(
                    userID: user.requireID(),
                    givenBy: principal.userID,
                    policyVersion: version,
                    action: .given,
                    at: req.now
                )
                .create(on: db)
            }
            try await PlannerLink(
                userID: user.requireID(),
                plannerID: principal.userID,
                role: .guardian,
                createdAt: req.now
            )
            .create(on: db)
        }
        return try await user.toDTO().encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> UserDTO {
        try await CircleAccess(request: req).authorize(.read).subject.toDTO()
    }

    func update(req: Request) async throws -> UserDTO {
        let subject = try await CircleAccess(request: req).authorize(.update).subject
        let body = try req.decode(UpdateUserRequest.self)
        var validator = Validator()
        validator.name(body.name)
        validator.timeZone(body.timeZone)
        validator.birthYear(body.birthYear, currentYear: req.now.calendarYear)
        try validator.check()
        if let name = body.name { subject.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let app = body.app { subject.app = app }
        if let timeZone = body.timeZone { subject.timeZone = timeZone }
        if let birthYear = body.birthYear { subject.birthYear = birthYear }
        if let locale = body.locale { subject.locale = locale }
        try await subject.update(on: req.db)
        return try subject.toDTO()
    }
}
