import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// Service notices from the operator (policy 5.5: system updates, downtime) to every person with a
/// confirmed address, in their language, through the outbox. An essential one (downtime, security)
/// goes to everyone; any other only to those who have not unsubscribed, and carries a link that
/// unsubscribes with one tap (its token is random, stored as its SHA-256 on the mail, and sits in
/// the link's fragment, which browsers never send to a server).
enum ServiceNotices {
    struct Message: Sendable {
        /// The same id sent again reaches nobody twice.
        let id: String
        let essential: Bool
        let subject: [Language: String]
        let body: [Language: String]
    }

    static let batch = 500

    /// Writes the notice for everyone it is for; answers how many.
    static func send(_ notice: Message, app: Application, now: Date) async throws -> Int {
        guard let sql = app.db as? any SQLDatabase else { return 0 }
        var written = 0
        var after: UUID?
        while true {
            var query: SQLQueryString = """
                SELECT u.id AS id, u.name AS name, u.locale AS locale FROM users u
                LEFT JOIN notice_settings s ON s.user_id = u.id
                WHERE u.email_verified_at IS NOT NULL AND u.restricted_at IS NULL AND u.erasure_due_at IS NULL
                """
            if !notice.essential { query += " AND (s.service_news IS NULL OR s.service_news = \(bind: true))" }
            if let after { query += " AND u.id > \(bind: after)" }
            query += " ORDER BY u.id LIMIT \(literal: Self.batch)"
            let people = try await sql.raw(query).all().map {
                (
                    id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                    locale: try $0.decode(column: "locale", as: Language.self)
                )
            }
            guard let last = people.last else { break }
            let items = people.map { person -> Outbox.Item in
                let language = notice.subject[person.locale] == nil ? Language.en : person.locale
                let da = language == .da
                var lines = [da ? "Hej \(person.name)" : "Hello \(person.name)", "", notice.body[language] ?? "", ""]
                var hash: String?
                if notice.essential {
                    lines.append(
                        da
                            ? "Denne besked går til alle, fordi den handler om, at Mobilize virker."
                            : "This message goes to everyone, because it is about Mobilize working."
                    )
                } else {
                    let token = Secret.token()
                    hash = Secret.hash(token)
                    lines += [
                        da
                            ? "Vil du ikke have flere nyheder om opdateringer, kan du afmelde dem her (linket virker i 30 dage, og ellers under Min konto):"
                            : "If you don't want more news about updates, unsubscribe here (the link works for 30 days; after that, under My account):",
                        app.config.link("unsubscribe", "token", token),
                    ]
                }
                return Outbox.Item(
                    recipient: person.id, kind: "service", key: "service:\(notice.id):\(person.id.uuidString.lowercased())",
                    subject: notice.subject[language] ?? "", body: lines.joined(separator: "\n"), unsubscribeHash: hash
                )
            }
            try await Outbox.enqueue(items, on: app.db, now: now)
            written += items.count
            after = last.id
        }
        return written
    }

    /// The person a service notice's unsubscribe token was made for, or nil.
    static func unsubscribe(token: String, db: any Database, now: Date) async throws -> Bool {
        guard (20...100).contains(token.count) else { return false }
        guard let mail = try await Notice.query(on: db).filter(\.$unsubscribeHash == Secret.hash(token))
            .filter(\.$kind == "service").first(), let person = mail.$recipient.id
        else { return false }
        try await db.writeTransaction { db in
            if let settings = try await NoticeSettings.query(on: db).filter(\.$user.$id == person).first() {
                settings.serviceNews = false
                settings.updatedAt = now
                try await settings.save(on: db)
            } else {
                let settings = NoticeSettings(user: person)
                settings.serviceNews = false
                settings.updatedAt = now
                try await settings.create(on: db)
            }
        }
        return true
    }
}

/// `mobilize service-notice --subject-da … --body-da … --subject-en … --body-en … [--essential] [--id …]`
struct ServiceNoticeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "id", help: "Names the notice; sending the same id again reaches nobody twice (default: a new one)")
        var id: String?
        @Flag(name: "essential", help: "Downtime or security: to everyone, without an unsubscribe link")
        var essential: Bool
        @Option(name: "subject-da", help: "The subject in Danish")
        var subjectDa: String?
        @Option(name: "body-da", help: "The text in Danish")
        var bodyDa: String?
        @Option(name: "subject-en", help: "The subject in English")
        var subjectEn: String?
        @Option(name: "body-en", help: "The text in English")
        var bodyEn: String?
    }

    var help: String { "Mails a service notice (an update, downtime) to everyone it is for, in their language." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let subjectDa = signature.subjectDa, let bodyDa = signature.bodyDa, let subjectEn = signature.subjectEn,
            let bodyEn = signature.bodyEn, ![subjectDa, bodyDa, subjectEn, bodyEn].contains(where: { $0.isEmpty })
        else {
            throw ConfigError(variable: "subject-da, body-da, subject-en, body-en", problem: "are all needed")
        }
        let id = signature.id ?? UUID().uuidString.lowercased()
        let app = context.application
        let written = try await ServiceNotices.send(
            .init(
                id: id, essential: signature.essential, subject: [.da: subjectDa, .en: subjectEn], body: [.da: bodyDa, .en: bodyEn]
            ),
            app: app, now: app.clock.now
        )
        context.console.print("Service notice \(id): \(written) mails written; the server sends them.")
    }
}
