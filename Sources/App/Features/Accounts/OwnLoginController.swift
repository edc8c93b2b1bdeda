import Fluent
import MobilizeCore
import Vapor

/// A young person's own sign-in, given by their guardian from the child's page: an address (they
/// choose their password from the mail), a username and a password for those without an address,
/// or a one-time code (and its QR) that signs their own phone in as them. Each makes the account
/// one that plans its own week.
struct OwnLoginController: RouteCollection {
    static let setupLifetime: TimeInterval = 48 * 3600
    static let codeLifetime: TimeInterval = 15 * 60

    func boot(routes: any RoutesBuilder) throws {
        routes.put("users", ":userId", "login", use: give)
        routes.post("users", ":userId", "sign-in-codes", use: signInCode)
        routes.post("auth", "setup-login", use: setupLogin)
    }

    func give(req: Request) async throws -> UserDTO {
        let granted = try await CircleAccess(request: req).authorize(.manageLogin)
        let subject = granted.subject
        let body = try req.decode(OwnLoginRequest.self)
        try Self.check(body)
        // An address the person signs in with is theirs: only they change it, and its password.
        guard subject.email == nil else {
            throw Problem.conflict("\(subject.name) signs in with their own email address; only they can change it.")
        }
        if let email = body.email.map(Rules.normalizedEmail) {
            return try await giveAddress(email, to: granted, req: req)
        }
        let username = Rules.normalizedUsername(body.username ?? "")
        return try await givePassword(username, body.password ?? "", to: subject, req: req)
    }

    /// An address alone, or a username with a password.
    private static func check(_ body: OwnLoginRequest) throws {
        var validator = Validator()
        if let email = body.email {
            validator.require(body.username == nil, "username", "goes with a password, not with an email address")
            validator.require(body.password == nil, "password", "is chosen by the young person from the mail")
            validator.email(email)
        } else {
            validator.require(
                body.username != nil,
                "username",
                "is required: a username and a password, or an email address"
            )
            validator.require(body.password != nil, "password", "is required with a username")
            validator.username(body.username)
            validator.password(body.password)
        }
        try validator.check()
    }

    /// The young person chooses their password from a mail sent to the address.
    private func giveAddress(_ email: String, to granted: CircleAccess.Granted, req: Request) async throws -> UserDTO {
        let subject = granted.subject
        let subjectID = try subject.requireID()
        guard try await User.query(on: req.db).filter(\.$email == email).first() == nil else {
            throw Problem.emailInUse()
        }
        try await req.db.writeTransaction { db in
            // A new address voids the links sent to an earlier one.
            try await AccountToken.query(on: db).filter(\.$user.$id == subjectID)
                .filter(\.$purpose == .setupLogin).filter(\.$usedAt == nil).set(\.$usedAt, to: req.now).update()
            subject.ownWeek = true
            try await subject.update(on: db)
        }
        let (name, locale, guardian) = (subject.name, subject.locale, granted.principal.user.name)
        req.afterAnswer("own sign-in mail") { app in
            let token = try await AccountTokens.issue(
                .setupLogin,
                for: subjectID,
                email: email,
                lifetime: Self.setupLifetime,
                app: app
            )
            let link = app.config.link("setup-login", "token", token)
            try await app.sendMails([
                .mail(
                    AccountMails.setupLogin(to: email, name: name, guardian: guardian, link: link, in: locale),
                    kind: "account",
                    for: subjectID
                )
            ])
        }
        return try subject.toDTO()
    }

    /// A username and a password: the sessions signed in with the old password end.
    private func givePassword(
        _ username: String,
        _ password: String,
        to subject: User,
        req: Request
    ) async throws -> UserDTO {
        let subjectID = try subject.requireID()
        if let holder = try await User.query(on: req.db).filter(\.$username == username).first(),
            holder.id != subjectID
        {
            throw Problem.usernameTaken()
        }
        subject.username = username
        subject.passwordHash = try await req.application.passwordHashing.hash(password)
        subject.ownWeek = true
        let ended: [UUID]
        do {
            ended = try await req.db.writeTransaction { db in
                try await subject.update(on: db)
                // A new password: the sessions signed in with the old one end; paired devices stay.
                let ids = try await AuthSession.query(on: db).filter(\.$user.$id == subjectID)
                    .filter(\.$kind ~~ [.web, .api]).all().compactMap(\.id)
                try await SessionRevocation.delete(ids, on: db)
                return ids
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.usernameTaken()
        }
        await req.application.realtime.sessionsEnded(ended)
        return try subject.toDTO()
    }

    /// A code (and its QR) that signs the young person's own phone in as them, once, within 15
    /// minutes: for those without an address or a password to type.
    func signInCode(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.manageLogin)
        granted.subject.ownWeek = true
        try await granted.subject.update(on: req.db)
        return try await PairingController.issue(.signIn, for: granted, lifetime: Self.codeLifetime, req)
    }

    /// The young person chooses their password from the mail and is signed in.
    func setupLogin(req: Request) async throws -> Response {
        let body = try req.decode(SetupLoginRequest.self)
        var validator = Validator()
        validator.password(body.password)
        validator.deviceName(body.deviceName)
        try validator.check()
        let key = "token:\(req.clientIP ?? "-")"
        try await req.attempt(key, AuthController.tokensPerIP)
        let hash = try await req.application.passwordHashing.hash(body.password)
        let user = try await req.db.writeTransaction { db in
            let token = try await AccountService(request: req).redeem(body.token, purposes: [.setupLogin], on: db)
            let user = token.user
            guard let email = token.email, user.email == nil else { throw Problem.invalidToken() }
            if try await User.query(on: db).filter(\.$email == email).first() != nil {
                throw Problem.conflict("An account with this email address exists already.")
            }
            user.email = email
            user.emailVerifiedAt = req.now
            user.passwordHash = hash
            user.ownWeek = true
            try await user.update(on: db)
            return user
        }
        try await req.attempts.refund(key)
        let service = AccountService(request: req)
        let login = try await service.startSession(for: user, kind: service.sessionKind, deviceName: body.deviceName)
        return try await service.response(login)
    }
}
