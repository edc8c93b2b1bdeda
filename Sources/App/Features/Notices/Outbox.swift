import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Mails and text messages to people, written down first and sent after: each instance takes the
/// waiting ones with a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`), sends each to the person's
/// confirmed address or proved phone number as it is at that moment (a code: to the number it
/// proves; an account mail: to the address it was written for), and marks it sent, or waits longer
/// each time the relay or gateway fails (`NoticeRetry`), or gives up. A person who is blocked,
/// being erased or without an address gets nothing.
final class Outbox: Sendable {
    /// This instance's name on its leases.
    let instance: String
    static let lease: TimeInterval = 120
    static let batch = 50
    /// Mails sent at once by one instance.
    static let concurrent = 4

    struct Item: Sendable {
        /// The person it is for; none for an invitation to someone without an account.
        let recipient: UUID?
        let kind: String
        /// The same key twice is one mail.
        let key: String
        let subject: String
        let body: String
        /// A service notice's unsubscribe token, as its SHA-256.
        var unsubscribeHash: String? = nil
        var channel: Notice.Channel = .mail
        /// Instead of the person's own address or proved number (a code, to the number it proves;
        /// an account mail, to the address it is about).
        var address: String? = nil

        /// A mail to the address it names: the links of an account (verification, password,
        /// invitations) and the notices of privacy, each written once.
        static func mail(_ mail: Mail, kind: String, key: String = UUID().uuidString, for recipient: UUID?) -> Item {
            Item(
                recipient: recipient, kind: kind, key: "\(kind):\(key)", subject: mail.subject, body: mail.body,
                address: mail.to
            )
        }
    }

    init(instance: String = UUID().uuidString) {
        self.instance = instance
    }

    /// Writes mails down to be sent; one whose key is written already stays the one it was.
    static func enqueue(_ items: [Item], on db: any Database, now: Date) async throws {
        guard !items.isEmpty, let sql = db as? any SQLDatabase else { return }
        for chunk in items.chunks(of: 200) {
            try await sql.insert(into: Notice.schema)
                .columns(
                    "id", "recipient_id", "kind", "key", "subject", "body", "status", "attempts", "next_attempt_at", "created_at",
                    "unsubscribe_hash", "channel", "address"
                )
                .rows(chunk.map { item -> [any SQLExpression] in
                    [
                        SQLBind(UUID()), SQLBind(item.recipient), SQLBind(item.kind), SQLBind(item.key), SQLBind(item.subject),
                        SQLBind(item.body), SQLBind(Notice.Status.queued.rawValue), SQLBind(0), SQLBind(now), SQLBind(now),
                        SQLBind(item.unsubscribeHash), SQLBind(item.channel.rawValue), SQLBind(item.address),
                    ]
                })
                .ignoringConflicts(with: ["key"])
                .run()
        }
    }

    struct Sent: Equatable, Sendable {
        var sent = 0
        var retried = 0
        var failed = 0
    }

    private struct Claimed: Sendable {
        let id: UUID
        let recipient: UUID?
        let kind: String
        let channel: Notice.Channel
        let address: String?
        let subject: String
        let body: String
        let attempts: Int
    }

    private enum Outcome: Sendable {
        case sent
        case retry(String)
        case failed(String)
    }

    /// Sends what is waiting, batch by batch.
    @discardableResult
    func deliver(app: Application, now: Date) async throws -> Sent {
        var total = Sent()
        while true {
            let claimed = try await claim(db: app.db, now: now)
            guard !claimed.isEmpty else { break }
            let people = Array(Set(claimed.compactMap(\.recipient)))
            let reachableByPerson = try await Self.reachable(people, db: app.db)
            let mailer = app.mailer
            let sms = app.sms
            var outcomes: [(Claimed, Outcome)] = []
            await withTaskGroup(of: (Claimed, Outcome).self) { group in
                var running = 0
                for notice in claimed {
                    if running == Self.concurrent, let done = await group.next() {
                        outcomes.append(done)
                        running -= 1
                    }
                    // Nobody blocked or being erased is sent anything, not even a code; an invitation
                    // to someone without an account goes to the address it names.
                    var reachable = Reachable()
                    if let recipient = notice.recipient {
                        guard let known = reachableByPerson[recipient] else {
                            outcomes.append((notice, .failed("blocked")))
                            continue
                        }
                        reachable = known
                    }
                    switch notice.channel {
                    case .mail:
                        guard let address = notice.address ?? reachable.mail else {
                            outcomes.append((notice, .failed("noAddress")))
                            continue
                        }
                        running += 1
                        group.addTask {
                            do {
                                try await mailer.send(Mail(to: address, subject: notice.subject, body: notice.body))
                                return (notice, .sent)
                            } catch {
                                return (notice, .retry(String(describing: type(of: error))))
                            }
                        }
                    case .sms:
                        guard let sms else {
                            outcomes.append((notice, .failed("smsOff")))
                            continue
                        }
                        guard let number = notice.address ?? reachable.phone else {
                            outcomes.append((notice, .failed("noPhone")))
                            continue
                        }
                        running += 1
                        group.addTask {
                            do {
                                try await sms.send(to: number, text: notice.body)
                                return (notice, .sent)
                            } catch let refused as SMSSender.Refused where !refused.transient {
                                return (notice, .failed("refused\(refused.status)"))
                            } catch let refused as SMSSender.Refused {
                                return (notice, .retry("refused\(refused.status)"))
                            } catch {
                                return (notice, .retry(String(describing: type(of: error))))
                            }
                        }
                    }
                }
                for await done in group { outcomes.append(done) }
            }
            try await mark(outcomes, db: app.db, now: now)
            for (_, outcome) in outcomes {
                switch outcome {
                case .sent: total.sent += 1
                case .retry: total.retried += 1
                case .failed: total.failed += 1
                }
            }
            if claimed.count < Self.batch { break }
        }
        return total
    }

    /// How a person is reached: their confirmed address and proved number, if any.
    private struct Reachable: Sendable {
        var mail: String?
        var phone: String?
    }

    /// The people who may be sent anything (not blocked, not being erased), and how.
    private static func reachable(_ people: [UUID], db: any Database) async throws -> [UUID: Reachable] {
        var found: [UUID: Reachable] = [:]
        for chunk in people.chunks(of: 500) {
            for user in try await User.query(on: db).filter(\.$id ~~ chunk).filter(\.$restrictedAt == nil)
                .filter(\.$erasureDueAt == nil).all()
            {
                guard let id = user.id else { continue }
                found[id] = Reachable(mail: user.emailVerifiedAt == nil ? nil : user.email)
            }
            for phone in try await PhoneNumber.query(on: db).filter(\.$user.$id ~~ chunk).filter(\.$verifiedAt != nil).all() {
                found[phone.$user.id]?.phone = phone.number
            }
        }
        return found
    }

    private func claim(db: any Database, now: Date) async throws -> [Claimed] {
        let until = now.addingTimeInterval(Self.lease)
        let instance = instance
        return try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return [] }
            let skipLocked: SQLQueryString = sql.dialect.name == "sqlite" ? "" : " FOR UPDATE SKIP LOCKED"
            return try await sql.direct(
                """
                UPDATE notices SET status = 'sending', leased_by = \(bind: instance), lease_until = \(bind: until)
                WHERE id IN (
                    SELECT id FROM notices
                    WHERE status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
                        AND (status = 'queued' OR lease_until < \(bind: now))
                    ORDER BY next_attempt_at LIMIT \(literal: Self.batch)\(skipLocked)
                )
                RETURNING id, recipient_id, kind, channel, address, subject, body, attempts
                """
            ).map {
                Claimed(
                    id: try $0.decode(column: "id", as: UUID.self),
                    recipient: try $0.decode(column: "recipient_id", as: UUID?.self),
                    kind: try $0.decode(column: "kind", as: String.self),
                    channel: Notice.Channel(rawValue: try $0.decode(column: "channel", as: String.self)) ?? .mail,
                    address: try $0.decode(column: "address", as: String?.self),
                    subject: try $0.decode(column: "subject", as: String.self),
                    body: try $0.decode(column: "body", as: String.self),
                    attempts: try $0.decode(column: "attempts", as: Int.self)
                )
            }
        }
    }

    private func mark(_ outcomes: [(Claimed, Outcome)], db: any Database, now: Date) async throws {
        let instance = instance
        try await db.writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for (notice, outcome) in outcomes {
                let attempts = notice.attempts + 1
                var status = Notice.Status.sent
                var next = now
                var error: String?
                switch outcome {
                case .sent: break
                case .failed(let reason): (status, error) = (.failed, reason)
                case .retry(let reason):
                    error = reason
                    if attempts >= NoticeRetry.attempts {
                        status = .failed
                    } else {
                        status = .queued
                        next = now.addingTimeInterval(NoticeRetry.pause(after: attempts))
                    }
                }
                // A link that signs in or proves an address is not kept once its mail is out.
                let forget = status != .queued && Notice.linkKinds.contains(notice.kind)
                try await sql.raw(
                    """
                    UPDATE notices SET status = \(bind: status.rawValue), attempts = \(bind: attempts),
                        next_attempt_at = \(bind: next), last_error = \(bind: error), lease_until = NULL,
                        sent_at = \(bind: status == .sent ? now : nil), body = COALESCE(\(bind: forget ? "" : nil), body)
                    WHERE id = \(bind: notice.id) AND leased_by = \(bind: instance) AND status = 'sending'
                    """
                ).run()
            }
        }
    }

    /// Forgets mails a month after they were written (the daily job).
    static func prune(on db: any Database, now: Date) async throws {
        try await Notice.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-30 * 86_400))
            .filter(\.$status ~~ [.sent, .failed]).delete()
    }
}

extension Application {
    private struct OutboxKey: StorageKey { typealias Value = Outbox }

    /// Set once by `configure`, before any request.
    var outbox: Outbox {
        get {
            guard let outbox = storage[OutboxKey.self] else { fatalError("configure(_:) sets the outbox") }
            return outbox
        }
        set { storage[OutboxKey.self] = newValue }
    }
}
