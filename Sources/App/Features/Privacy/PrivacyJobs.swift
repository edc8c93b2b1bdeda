import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// The daily privacy run (policy sections 7 and 9.2), idempotent and resumable: erasures that
/// are due, the 12-month retention of unused accounts with a warning a month before, the access
/// log's 12 months, exports' 7 days, billing records' 5 years, and stale sessions and tokens.
struct PrivacyJobs {
    let app: Application
    static let name = "privacy-daily"

    var db: any Database { app.db }
    var now: Date { app.clock.now }

    func runIfDue() async throws {
        guard try await JobRun.claim(Self.name, every: 23 * 3600, at: now, on: db) else { return }
        try await run()
        try await JobRun.finish(Self.name, at: now, on: db)
    }

    struct Report: Sendable, Equatable {
        var erased = 0
        var warned = 0
        var accessLogPruned = 0
        var exportsDeleted = 0
        var invoicesDeleted = 0
    }

    @discardableResult
    func run() async throws -> Report {
        var report = Report()
        report.erased += try await eraseRequested()
        let retention = try await applyAccountRetention()
        report.erased += retention.erased
        report.warned = retention.warned
        report.accessLogPruned = try await pruneAccessLog()
        report.exportsDeleted = try await deleteExpiredExports()
        report.invoicesDeleted = try await deleteOldInvoices()
        try await deleteStaleCredentials()
        await app.invalidateAccessCache()
        try await ExportRunner(app: app).runPending(olderThan: 60)
        return report
    }

    private var eraser: Eraser {
        let app = app
        var eraser = Eraser(app: app)
        eraser.afterBatch = { await app.invalidateAccessCache() }
        return eraser
    }

    func eraseRequested() async throws -> Int {
        let due = try await withoutDependants(try await User.query(on: db).filter(\.$erasureDueAt <= now).all())
        try await eraser.erase(due)
        return due.count
    }

    /// Leaves out those who became the only guardian of a child after asking to be erased (the
    /// other guardian left meanwhile): erasing them would leave the child without one. They stay
    /// restricted, and go once the child has another guardian or is erased too.
    private func withoutDependants(_ users: [User]) async throws -> [UUID] {
        let leaving = Set(users.compactMap(\.id))
        var ids: [UUID] = []
        for user in users {
            let id = try user.requireID()
            // A child erased in the same run needs nobody.
            let alone = try await Guardianship.dependants(of: id, at: now, on: db).filter { !leaving.contains($0.id ?? id) }
            if alone.isEmpty {
                ids.append(id)
            } else {
                app.logger.notice("erasure waits: the only guardian of someone")
            }
        }
        return ids
    }

    /// Accounts unused for 11 months get a warning; after 12 (and a month after the warning) they go.
    func applyAccountRetention() async throws -> (warned: Int, erased: Int) {
        let warnBefore = Retention.adding(months: -Retention.warningMonths, to: now)
        let candidates = try await User.query(on: db)
            .group(.or) { group in
                group.filter(\.$lastActiveAt < warnBefore)
                group.group(.and) { $0.filter(\.$lastActiveAt == nil).filter(\.$createdAt < warnBefore) }
            }
            .all()
        var warned = 0
        var expired: [User] = []
        for user in candidates {
            let lastActive = user.lastActiveAt ?? user.createdAt ?? now
            if Retention.mayErase(lastActive: lastActive, warnedAt: user.retentionWarnedAt, now: now) {
                expired.append(user)
            } else if Retention.shouldWarn(lastActive: lastActive, warnedAt: user.retentionWarnedAt, now: now) {
                try await warn(user, erasureOn: Retention.erasureDate(lastActive: lastActive))
                user.retentionWarnedAt = now
                try await user.update(on: db)
                warned += 1
            }
        }
        // A guardian whose child is still in use is still needed, however long since they signed in.
        let erasable = try await withoutDependants(expired)
        try await eraser.erase(erasable)
        return (warned, erasable.count)
    }

    /// To the person, or to the guardians of a person without a login of their own.
    private func warn(_ user: User, erasureOn date: Date) async throws {
        var recipients: [(email: String, language: Language)] = []
        if let email = user.email {
            recipients.append((email, user.locale))
        } else {
            let guardians = try await PlannerLink.query(on: db).filter(\.$user.$id == user.requireID())
                .filter(\.$role == .guardian).with(\.$planner).all()
            recipients = guardians.compactMap { link in link.planner.email.map { ($0, link.planner.locale) } }
        }
        let day = max(date, now.addingTimeInterval(Retention.gracePeriod))
        let userID = try user.requireID()
        try await app.sendMails(
            recipients.enumerated().map { index, recipient in
                .mail(
                    PrivacyMails.retentionWarning(
                        to: recipient.email,
                        name: user.name,
                        on: day,
                        link: app.config.link("signin", "reason", "retention"),
                        in: recipient.language
                    ),
                    kind: "privacy",
                    key: "retention:\(userID):\(Int(day.timeIntervalSince1970)):\(index)",
                    for: nil
                )
            }
        )
    }

    func pruneAccessLog() async throws -> Int {
        await app.accessLogWriter.idle()
        return try await app.accessLog.prune(before: Retention.accessLogCutoff(now: now), at: now)
    }

    func deleteExpiredExports() async throws -> Int {
        let expired = try await DataExport.query(on: db).filter(\.$expiresAt <= now).all()
        for export in expired {
            try? FileManager.default.removeItem(
                at: ExportBuilder.path(of: try export.requireID(), in: app.config.dataDirectory)
            )
            try await export.delete(on: db)
        }
        return expired.count
    }

    func deleteOldInvoices() async throws -> Int {
        let keptSince = Calendar(identifier: .gregorian).date(byAdding: .year, value: -Retention.billingYears, to: now)!
        let old = try await Invoice.query(on: db).filter(\.$financialYearEnd < keptSince).all()
            .filter { Retention.billingKeptUntil(financialYearEnding: $0.financialYearEnd) < now }
        for invoice in old { try await invoice.delete(on: db) }
        return old.count
    }

    func deleteStaleCredentials() async throws {
        let now = now
        // One write transaction: on SQLite it queues with the other writers rather than failing
        // "database is locked" beside a busy server.
        try await db.writeTransaction { db in
            try await AuthSession.query(on: db).filter(\.$expiresAt <= now).delete()
            try await AccountToken.query(on: db).filter(\.$expiresAt <= now).delete()
            try await PairingCode.query(on: db).filter(\.$expiresAt <= now).delete()
            try await KnownDevice.query(on: db).filter(\.$lastUsedAt < now.addingTimeInterval(-KnownDevice.lifetime)).delete()
            try await AttemptLimiter.prune(on: db, now: now)
            try await RateWindow.prune(on: db, now: now)
            // A pupil's name waits 30 days for a guardian's yes at most; then it goes with its invitations.
            try await Enrolment.query(on: db).filter(\.$status != .accepted)
                .filter(\.$createdAt < now.addingTimeInterval(-Enrolment.unansweredLifetime)).delete()
        }
    }
}
