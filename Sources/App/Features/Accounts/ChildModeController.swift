import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Child mode: a planner hands their own phone or tablet to a child. The session then acts as
/// the child's device (the child's plan, ticking off, nothing else) until the planner's PIN
/// unlocks it. The server enforces it, so no trick in the browser leaves it.
struct ChildModeController: RouteCollection {
    static let pinLength = 4...8
    static let wrongPins = RateLimiter.Rule(limit: 5, window: 15 * 60)

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
        let hashing = req.application.passwordHashing
        guard try await hashing.verify(body.password, against: principal.user.passwordHash) else {
            throw Problem.invalid("password", "is not your password")
        }
        principal.user.childModePinHash = try await hashing.hash(body.pin)
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
            .set(\.$lockedTo.$id, to: granted.subject.requireID()).update()
        return ChildModeDTO(locked: true, userId: try granted.subject.requireID(), pinSet: true)
    }

    /// Takes the session back with the PIN of the planner who handed it over.
    func unlock(req: Request) async throws -> ChildModeDTO {
        let session = try req.principal.session
        guard session.$lockedTo.id != nil else { return try Self.state(of: session) }
        let body = try req.decode(ChildModeUnlockRequest.self)
        let limiter = req.application.rateLimiter
        let key = "child-mode:\(try session.requireID())"
        if let wait = await limiter.retryAfter(key, at: req.now) {
            throw DomainError.rateLimited(retryAfterSeconds: wait)
        }
        let owner = session.user
        guard let hash = owner.childModePinHash, body.pin.count <= 16,
            try await req.application.passwordHashing.verify(body.pin, against: hash)
        else {
            await limiter.record(key, rule: Self.wrongPins, at: req.now)
            throw Problem.invalid("pin", "is not the PIN")
        }
        await limiter.reset(key)
        try await AuthSession.query(on: req.db).filter(\.$id == session.requireID())
            .set(\.$lockedTo.$id, to: nil).update()
        return ChildModeDTO(locked: false, userId: nil, pinSet: true)
    }

    static func state(of session: AuthSession) throws -> ChildModeDTO {
        ChildModeDTO(
            locked: session.$lockedTo.id != nil,
            userId: session.$lockedTo.id,
            pinSet: session.user.childModePinHash != nil
        )
    }
}

struct ChildModeDTO: Content {
    var locked: Bool
    @NullEncoded var userId: UUID?
    var pinSet: Bool
}

struct ChildModePinRequest: StrictContent {
    static let allowedKeys: Set<String> = ["pin", "password"]
    var pin: String
    var password: String
}

struct ChildModeRequest: StrictContent {
    static let allowedKeys: Set<String> = ["userId"]
    var userId: UUID
}

struct ChildModeUnlockRequest: StrictContent {
    static let allowedKeys: Set<String> = ["pin"]
    var pin: String
}

/// Sessions may be locked to a child (child mode); a planner keeps a PIN to unlock them.
struct UpdateSessionAddChildMode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthSession.schema)
            .field("locked_to_user_id", .uuid, .references(User.schema, "id", onDelete: .cascade)).update()
        try await database.schema(User.schema).field("child_mode_pin_hash", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "idx_sessions_locked_to_user_id").on(AuthSession.schema)
            .column("locked_to_user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("child_mode_pin_hash").update()
        try await database.schema(AuthSession.schema).deleteField("locked_to_user_id").update()
    }
}
