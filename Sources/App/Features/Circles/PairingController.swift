import Fluent
import MobilizeCore
import Vapor

/// Signing a child's device in with a pairing code, and the devices a user has.
struct PairingController: RouteCollection {
    static let codeLifetime: TimeInterval = 10 * 60
    /// Codes tried from one address: twenty, then waits that double from a second.
    static let pairingsPerIP = Throttle(free: 20, base: 1, cap: 900, forgetAfter: 3600)

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "pair", use: pair)
        let user = routes.grouped("users", ":userId")
        user.post("pairing-codes", use: createCode)
        user.get("devices", use: devices)
        user.delete("devices", ":sessionId", use: revokeDevice)
    }

    func createCode(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.pairDevice)
        return try await Self.issue(.device, for: granted, lifetime: Self.codeLifetime, req)
    }

    /// A code of `purpose` for the granted user, made by the caller, with the QR of its link.
    static func issue(
        _ purpose: PairingCode.Purpose,
        for granted: CircleAccess.Granted,
        lifetime: TimeInterval,
        _ req: Request
    ) async throws -> Response {
        var generator = SystemRandomNumberGenerator()
        let code = PairingCodeFormat.generate(using: &generator)
        let record = PairingCode(
            userID: try granted.subject.requireID(),
            createdBy: granted.principal.userID,
            codeHash: Secret.hash(code),
            expiresAt: req.now.addingTimeInterval(lifetime),
            purpose: purpose
        )
        try await record.create(on: req.db)
        let link = req.application.config.link("pair", "code", code)
        guard let svg = QRCode.svg(link) else { throw Problem.internal() }
        let dto = PairingCodeDTO(code: PairingCodeFormat.display(code), expiresAt: record.expiresAt, qrSvg: svg)
        return try await dto.encodeResponse(status: .created, for: req)
    }

    /// Spends the code and starts a device session limited to the code's user.
    func pair(req: Request) async throws -> Response {
        let body = try req.decode(PairRequest.self)
        var validator = Validator()
        validator.deviceName(body.deviceName)
        try validator.check()
        let key = "pair:ip:\(req.clientIP ?? "-")"
        try await req.attempt(key, Self.pairingsPerIP)
        guard let code = PairingCodeFormat.normalize(body.code),
            let record = try await PairingCode.query(on: req.db)
                .filter(\.$codeHash == Secret.hash(code)).with(\.$user).first(),
            record.usedAt == nil, record.expiresAt > req.now,
            try await req.db.claim(PairingCode.schema, id: record.requireID(), column: "used_at", value: req.now)
        else { throw Problem.invalidToken() }
        try await req.attempts.refund(key)
        let service = AccountService(request: req)
        // A sign-in code signs the young person's own phone in as them; a pairing code makes a
        // child's device, which ends with the right of whoever paired it.
        let login =
            record.purpose == .signIn
            ? try await service.startSession(for: record.user, kind: service.sessionKind, deviceName: body.deviceName)
            : try await service.startSession(
                for: record.user,
                kind: .device,
                deviceName: body.deviceName,
                openedBy: record.$createdBy.id
            )
        return try await service.response(login)
    }

    /// The devices that act as the user: those paired for them, and planners' own sessions handed
    /// to them in child mode, each with who opened it, when, and its last use.
    func devices(req: Request) async throws -> Page<DeviceDTO> {
        let granted = try await CircleAccess(request: req).authorize(.manageDevices)
        let query = try Self.devices(of: granted.subject.requireID(), on: req.db).with(\.$openedBy)
        let current = granted.principal.session.id
        return try await PageRequest(req).fetch(query) { try $0.toDeviceDTO(currentID: current) }
    }

    /// Ends a paired device or a child-mode session of the user at once, its live socket too.
    func revokeDevice(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(.manageDevices)
        guard
            let session = try await Self.devices(of: granted.subject.requireID(), on: req.db)
                .filter(\.$id == req.id("sessionId")).first()
        else { throw Problem.notFound() }
        try await session.delete(on: req.db)
        await req.application.realtime.sessionsEnded([try session.requireID()])
        return .noContent
    }

    static func devices(of userID: UUID, on db: any Database) -> QueryBuilder<AuthSession> {
        AuthSession.query(on: db).group(.or) { either in
            either.group(.and) { $0.filter(\.$user.$id == userID).filter(\.$kind == .device) }
            either.filter(\.$lockedTo.$id == userID)
        }
    }
}

extension AuthSession {
    func toDeviceDTO(currentID: UUID?) throws -> DeviceDTO {
        let id = try requireID()
        let opener = $openedBy.value.flatMap { $0 }
        return DeviceDTO(
            id: id,
            kind: $lockedTo.id == nil ? .paired : .childMode,
            deviceName: deviceName,
            platform: platform,
            browser: browser,
            openedBy: try opener.map { DeviceDTO.Opener(id: try $0.requireID(), name: $0.name) },
            openedAt: $lockedTo.id == nil ? createdAt : lockedAt ?? createdAt,
            lastSeenAt: lastSeenAt,
            current: id == currentID
        )
    }
}
