import Fluent
import MobilizeCore
import Vapor

/// The person's privacy rights: insight (what we hold, who looked), consent, restriction,
/// objection and erasure. For a child under 13, a guardian exercises them.
struct PrivacyController: RouteCollection {
    static let gracePeriod: TimeInterval = 30 * 86_400

    func boot(routes: any RoutesBuilder) throws {
        routes.get("privacy", "policy", use: policy)
        let user = routes.grouped("users", ":userId")
        user.get("privacy", use: overview)
        user.get("access-log", use: accessLog)
        user.get("consents", use: consents)
        user.post("consents", use: giveConsent)
        user.delete("consents", use: withdrawConsent)
        user.post("restriction", use: restrict)
        user.delete("restriction", use: lift)
        user.patch("processing", use: processing)
        user.post("deletion", use: requestErasure)
        user.delete("deletion", use: cancelErasure)
        routes.post("me", "deletion", use: requestErasure)
        routes.delete("me", "deletion", use: cancelErasure)
    }

    func policy(req: Request) async throws -> PolicyDTO {
        let language =
            req.queryValues(PolicyQuery.self).lang.flatMap(Language.init(rawValue:))
            ?? Language.preferred(from: req.headers.first(name: .acceptLanguage))
        let current = PrivacyPolicy.current
        guard
            let text = PrivacyPolicy.text(
                version: current.version,
                language: language,
                publicDirectory: req.application.directory.publicDirectory
            )
        else {
            throw Problem.internal()
        }
        return PolicyDTO(
            version: current.version,
            updatedOn: current.updatedOn,
            significant: current.significant,
            language: language,
            text: text
        )
    }

    func overview(req: Request) async throws -> PrivacyOverviewDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        let id = try subject.requireID()
        let counts = try await req.application.personalData.counts(for: id, on: req.db)
        return PrivacyOverviewDTO(
            userId: id,
            name: subject.name,
            restricted: subject.isRestricted,
            erasureDueAt: subject.erasureDueAt,
            consent: try await ConsentLog(db: req.db).state(of: id),
            processing: ProcessingDTO(subject),
            categories: DataCategory.allCases.map { CategoryCountDTO(category: $0, count: counts[$0] ?? 0) }
        )
    }

    /// Who looked at or changed the person's data, newest first, a page at a time.
    func accessLog(req: Request) async throws -> Page<AccessLogEntryDTO> {
        let subject = try await CircleAccess(request: req).privacySubject()
        let page = try PageRequest(req)
        let query = try AccessLogEntry.query(on: req.db).filter(\.$subject.$id == subject.requireID()).with(\.$actor)
            .sort(\.$at, .descending).sort(\.$id, .descending)
        if let after = page.after {
            guard let cursor = try await AccessLogEntry.find(after, on: req.db) else {
                throw Problem.invalid("after", "is not a cursor from this list")
            }
            let (at, id) = (cursor.at, after)
            query.group(.or) { older in
                older.filter(\.$at < at)
                older.group(.and) { $0.filter(\.$at == at).filter(\.$id < id) }
            }
        }
        let rows = try await query.limit(page.limit + 1).all()
        return try page.page(rows, id: \.id) {
            AccessLogEntryDTO(
                id: try $0.requireID(),
                at: $0.at,
                actorName: $0.actor?.name,
                actorRole: $0.actorRole ?? "",
                action: $0.action ?? "",
                what: $0.what,
                route: $0.route ?? "",
                ip: $0.ip,
                platform: $0.platform
            )
        }
    }

    func consents(req: Request) async throws -> Page<ConsentDTO> {
        let subject = try await CircleAccess(request: req).privacySubject()
        let query = try Consent.query(on: req.db).filter(\.$user.$id == subject.requireID()).with(\.$givenBy)
        return try await PageRequest(req).fetch(query) {
            ConsentDTO(
                id: try $0.requireID(),
                policyVersion: $0.policyVersion,
                action: $0.action,
                at: $0.at,
                givenByName: $0.givenBy?.name
            )
        }
    }

    func giveConsent(req: Request) async throws -> Response {
        let subject = try await CircleAccess(request: req).privacySubject()
        let body = try req.decode(ConsentRequest.self)
        guard body.policyVersion == PrivacyPolicy.current.version else {
            throw Problem.invalid("policyVersion", "must be the current version, \(PrivacyPolicy.current.version)")
        }
        let consent = Consent(
            userID: try subject.requireID(),
            givenBy: try req.principal.userID,
            policyVersion: body.policyVersion,
            action: .given,
            at: req.now
        )
        try await consent.create(on: req.db)
        return try await ConsentLog(db: req.db).state(of: subject.requireID()).encodeResponse(
            status: .created,
            for: req
        )
    }

    /// Withdrawing consent restricts the account and schedules its erasure.
    func withdrawConsent(req: Request) async throws -> ConsentStateDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        let id = try subject.requireID()
        let ended = try await req.db.writeTransaction { db in
            try await Consent(
                userID: id,
                givenBy: try req.principal.userID,
                policyVersion: PrivacyPolicy.current.version,
                action: .withdrawn,
                at: req.now
            ).create(on: db)
            return try await scheduleErasure(of: subject, req: req, on: db)
        }
        await req.application.realtime.sessionsEnded(ended)
        return try await ConsentLog(db: req.db).state(of: id)
    }

    /// Blocks the account: its data is kept but not used, and what it opened for others (devices
    /// it paired, its sessions handed to a child) ends.
    func restrict(req: Request) async throws -> PrivacyOverviewDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        if subject.restrictedAt == nil {
            subject.restrictedAt = req.now
            try await subject.update(on: req.db)
        }
        try await req.endSessions(openedBy: subject.requireID(), for: nil)
        return try await overview(req: req)
    }

    /// Lifting the restriction also cancels a pending erasure: the account is in use again.
    func lift(req: Request) async throws -> PrivacyOverviewDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        subject.restrictedAt = nil
        subject.erasureDueAt = nil
        try await subject.update(on: req.db)
        return try await overview(req: req)
    }

    func processing(req: Request) async throws -> ProcessingDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        let body = try req.decode(ProcessingRequest.self)
        if let value = body.usageStatistics { subject.usageStatistics = value }
        if let value = body.productNews { subject.productNews = value }
        if let value = body.pictureSearch { subject.pictureSearch = value }
        try await subject.update(on: req.db)
        return ProcessingDTO(subject)
    }

    /// Signs the person out everywhere, restricts the account and erases it after 30 days.
    func requestErasure(req: Request) async throws -> PrivacyOverviewDTO {
        let subject = try await CircleAccess(request: req).privacySubject()
        let ended = try await req.db.writeTransaction { db in try await scheduleErasure(of: subject, req: req, on: db) }
        await req.application.realtime.sessionsEnded(ended)
        return try await overview(req: req)
    }

    func cancelErasure(req: Request) async throws -> PrivacyOverviewDTO {
        try await lift(req: req)
    }

    /// Restricts the account and ends its sessions and those it opened for others; answers the
    /// ended sessions, whose sockets close once this is committed.
    private func scheduleErasure(of subject: User, req: Request, on db: any Database) async throws -> [UUID] {
        let id = try subject.requireID()
        // Nobody is left without the guardian they need.
        try await Guardianship.ensureNoDependants(of: id, at: req.now, on: db)
        subject.restrictedAt = subject.restrictedAt ?? req.now
        subject.erasureDueAt = subject.erasureDueAt ?? req.now.addingTimeInterval(Self.gracePeriod)
        try await subject.update(on: db)
        let opened = try await SessionRevocation.endOpened(by: id, for: nil, on: db)
        return try await AccountService(request: req).endSessions(of: id, on: db) + opened
    }
}

/// Reads the consent log.
struct ConsentLog {
    let db: any Database

    func state(of userID: UUID) async throws -> ConsentStateDTO {
        let newest = try await Consent.query(on: db).filter(\.$user.$id == userID).sort(\.$at, .descending).limit(10)
            .all()
        // Of events in the same instant, a withdrawal wins.
        let latest = newest.filter { $0.at == newest.first?.at }
        let consented =
            latest.isEmpty || latest.contains { $0.action == .withdrawn } ? nil : latest.map(\.policyVersion).max()
        return ConsentStateDTO(
            currentVersion: PrivacyPolicy.current.version,
            updatedOn: PrivacyPolicy.current.updatedOn,
            consentedVersion: consented,
            required: (consented ?? 0) < PrivacyPolicy.lastSignificant
        )
    }
}
