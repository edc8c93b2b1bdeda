import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Child mode: a planner hands their own phone or tablet to a child. The session then acts as
/// the child's device (the child's plan, ticking off, nothing else) until the planner's PIN
/// unlocks it. The server enforces it, so no trick in the browser leaves it.
struct ChildModeController: RouteCollection {
    static let pinLength = 4...8
    /// PINs tried on one locked session: five, then waits that double from a second up to 15
    /// minutes. The planner's password takes the device back whatever the PIN's wait.
    static let wrongPins = Throttle(free: 5, base: 1, cap: 900, forgetAfter: 3600)

    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me")
        me.get("child-mode", use: show)
        me.put("child-mode-pin", use: setPin)
        me.post("child-mode", use: lock)
        me.post("child-mode", "unlock", use: unlock)
    }

    func show(req: Request) async throws -> ChildModeDTO {
        try Self.state(of: req.principal.session)
    }

    /// Chooses the PIN; needs the account's password, so a child cannot set it.
    func setPin(req: Request) async throws -> HTTPStatus {
        let principal = try req.person
        let body = try req.decode(ChildModePinRequest.self)
        var validator = Validator()
        validator.require(
            Self.pinLength.contains(body.pin.count) && body.pin.allSatisfy(\.isASCII)
                && body.pin.allSatisfy(\.isNumber),
            "pin",
            "must be 4 to 8 digits"
        )
        try validator.check()
        try await AccountService(request: req).checkPassword(body.password, of: principal.user, field: "password")
        principal.user.childModePinHash = try await req.application.passwordHashing.hash(body.pin)
        try await principal.user.update(on: req.db)
        return .noContent
    }

    /// Hands this session to a child the caller plans for.
    func lock(req: Request) async throws -> ChildModeDTO {
        let principal = try req.person
        let body = try req.decode(ChildModeRequest.self)
        let granted = try await CircleAccess(request: req).authorize(.pairDevice, userID: body.userId)
        guard principal.user.childModePinHash != nil else {
            throw Problem.conflict("Choose a PIN first: it is what takes the device back.")
        }
        let session = principal.session
        try await AuthSession.query(on: req.db).filter(\.$id == session.requireID())
            .set(\.$lockedTo.$id, to: granted.subject.requireID()).set(\.$openedBy.$id, to: principal.userID)
            .set(\.$lockedAt, to: req.now).update()
        return ChildModeDTO(locked: true, userId: try granted.subject.requireID(), pinSet: true)
    }

    /// Takes the session back with the PIN of the planner who handed it over, or with their
    /// password: wrong PINs (a child pressing buttons) slow the PIN down, never the password.
    func unlock(req: Request) async throws -> ChildModeDTO {
        let session = try req.principal.session
        guard session.$lockedTo.id != nil else { return try Self.state(of: session) }
        let body = try req.decode(ChildModeUnlockRequest.self)
        let owner = session.user
        if let password = body.password {
            try await AccountService(request: req).checkPassword(password, of: owner, field: "password")
        } else {
            let key = "child-mode:\(try session.requireID())"
            try await req.attempt(key, Self.wrongPins)
            guard let pin = body.pin, let hash = owner.childModePinHash, pin.count <= 16,
                try await req.application.passwordHashing.verify(pin, against: hash)
            else { throw Problem.invalid("pin", "is not the PIN") }
            try await req.attempts.clear(key)
        }
        try await AuthSession.query(on: req.db).filter(\.$id == session.requireID())
            .set(\.$lockedTo.$id, to: nil).set(\.$openedBy.$id, to: nil).set(\.$lockedAt, to: nil).update()
        return ChildModeDTO(locked: false, userId: nil, pinSet: owner.childModePinHash != nil)
    }

    static func state(of session: AuthSession) throws -> ChildModeDTO {
        ChildModeDTO(
            locked: session.$lockedTo.id != nil,
            userId: session.$lockedTo.id,
            pinSet: session.user.childModePinHash != nil
        )
    }
}
