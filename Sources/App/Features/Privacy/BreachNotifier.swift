import Fluent
import MobilizeCore
import Vapor

/// Breach notification (policy 9.1): finds everyone whose data was read or changed, or whose
/// sessions were in use, during the window, mails each of them (and the guardians of those who
/// cannot act for themselves) in their language, and records every notice.
struct BreachNotifier {
    let app: Application

    struct Result: Sendable, Equatable {
        var people: Int
        var mails: Int
    }

    func notify(window: ClosedRange<Date>, reason: String) async throws -> Result {
        let db = app.db
        var affected: Set<UUID> = []
        let entries = try await AccessLogEntry.query(on: db)
            .filter(\.$at >= window.lowerBound).filter(\.$at <= window.upperBound).all()
        affected.formUnion(entries.compactMap { $0.$subject.id })
        let sessions = try await AuthSession.query(on: db)
            .filter(\.$lastSeenAt >= window.lowerBound).filter(\.$createdAt <= window.upperBound).all()
        affected.formUnion(sessions.map { $0.$user.id })

        let breachID = UUID()
        var mails: [Outbox.Item] = []
        for id in affected.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let person = try await User.find(id, on: db) else { continue }
            for recipient in try await recipients(for: person) {
                guard let email = recipient.email else { continue }
                // Told even when blocked or being erased: the law asks for it (to the address, not
                // through the account).
                mails.append(
                    .mail(
                        PrivacyMails.breach(
                            to: email,
                            name: person.name,
                            reason: reason,
                            from: window.lowerBound,
                            until: window.upperBound,
                            in: recipient.locale
                        ),
                        kind: "privacy",
                        key: "breach:\(breachID):\(id):\(try recipient.requireID())",
                        for: nil
                    )
                )
                try await BreachNotice(
                    breachID: breachID,
                    reason: reason,
                    window: window,
                    subjectID: id,
                    recipientID: recipient.requireID(),
                    sentAt: app.clock.now
                ).create(on: db)
            }
        }
        try await app.sendMails(mails)
        return Result(people: affected.count, mails: mails.count)
    }

    /// The person when they have an address; and their guardians when a guardian acts for them.
    private func recipients(for person: User) async throws -> [User] {
        var result: [User] = person.email == nil ? [] : [person]
        if person.guardianActs(at: app.clock.now) {
            let guardians = try await PlannerLink.query(on: app.db).filter(\.$user.$id == person.requireID())
                .filter(\.$role == .guardian).with(\.$planner).all().map(\.planner)
            result += guardians.filter { $0.id != person.id }
        }
        return result
    }
}

/// `mobilize breach notify --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z --reason "..."`
struct BreachCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "notify")
        var action: String
        @Option(name: "from", help: "Start of the window, ISO 8601")
        var from: String?
        @Option(name: "to", help: "End of the window, ISO 8601")
        var to: String?
        @Option(name: "reason", help: "What happened, in plain words; it goes into the mail")
        var reason: String?
    }

    var help: String { "Notifies the people whose data a breach may have affected." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let parser = ISO8601DateFormatter()
        guard signature.action == "notify" else { throw ConfigError(variable: "action", problem: "must be notify") }
        guard let from = signature.from.flatMap(parser.date(from:)), let to = signature.to.flatMap(parser.date(from:)),
            from <= to
        else { throw ConfigError(variable: "--from/--to", problem: "must be ISO 8601 instants, from before to") }
        guard let reason = signature.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigError(variable: "--reason", problem: "must say what happened")
        }
        let result = try await BreachNotifier(app: context.application).notify(window: from...to, reason: reason)
        context.console.print("Notified \(result.mails) recipients about \(result.people) affected people.")
    }
}
