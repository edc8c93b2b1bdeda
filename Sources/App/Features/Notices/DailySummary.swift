import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// Each evening, for planners who asked for it, one mail with what was marked done that day in the
/// plans of the people they plan for: only what was done, never what was not (no counts, no
/// blame). Written down in the outbox once a planner's clock has passed `hour`; its key (the
/// planner and the day) keeps it to one a day whichever instance writes it.
enum DailySummary {
    static let hour = 19
    /// Planners looked at in one statement.
    static let batch = 200
    /// Lines about one person at most (a busy day's mail stays readable).
    static let linesPerPerson = 30

    private struct Planner {
        let id: UUID
        let name: String
        let locale: Language
        let zone: TimeZone
        let sentOn: String?
    }

    private struct Done: Sendable {
        let start: String
        let title: String
    }

    /// Writes the summaries that are due; answers how many.
    static func run(app: Application, now: Date) async throws -> Int {
        guard let sql = app.db as? any SQLDatabase else { return 0 }
        // The latest date any clock shows: a planner whose summary is older may be due.
        let latest = LocalDateTime(instant: now, in: TimeZone(secondsFromGMT: 14 * 3600)!).date.description
        var written = 0
        var after: UUID?
        while true {
            var query: SQLQueryString = """
                SELECT u.id AS id, u.name AS name, u.locale AS locale, u.time_zone AS time_zone, s.summary_sent_on AS sent_on
                FROM notice_settings s JOIN users u ON u.id = s.user_id
                WHERE s.daily_summary = \(bind: true) AND u.restricted_at IS NULL AND u.erasure_due_at IS NULL
                    AND u.email_verified_at IS NOT NULL
                    AND (s.summary_sent_on IS NULL OR s.summary_sent_on < \(bind: latest))
                """
            if let after { query += " AND u.id > \(bind: after)" }
            query += " ORDER BY u.id LIMIT \(literal: Self.batch)"
            let planners = try await sql.raw(query).all().map {
                Planner(
                    id: try $0.decode(column: "id", as: UUID.self),
                    name: try $0.decode(column: "name", as: String.self),
                    locale: try $0.decode(column: "locale", as: Language.self),
                    zone: TimeZone.named(try $0.decode(column: "time_zone", as: String.self)),
                    sentOn: try $0.decode(column: "sent_on", as: String?.self)
                )
            }
            guard let last = planners.last else { break }
            for planner in planners {
                let local = LocalDateTime(instant: now, in: planner.zone)
                let day = local.date.description
                guard local.hour >= Self.hour, planner.sentOn != day else { continue }
                if try await write(for: planner, day: day, app: app, now: now) {
                    written += 1
                }
            }
            after = last.id
        }
        return written
    }

    /// Writes one planner's summary of `day` (if they plan for anyone) and notes the day as done.
    private static func write(for planner: Planner, day: String, app: Application, now: Date) async throws -> Bool {
        let db = app.db
        guard let sql = db as? any SQLDatabase else { return false }
        let next = LocalDate(iso: day)?.adding(days: 1).description ?? day
        let people = try await sql.raw(
            """
            SELECT u.id AS id, u.name AS name, l.role AS role FROM planner_links l JOIN users u ON u.id = l.user_id
            WHERE l.planner_id = \(bind: planner.id) AND u.restricted_at IS NULL AND u.erasure_due_at IS NULL
            ORDER BY u.name
            """
        ).all().map {
            (
                id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                role: try $0.decode(column: "role", as: String.self)
            )
        }
        var sections: [(name: String, done: [Done])] = []
        for person in people {
            // What the planner may read: not the person's private activities.
            let done = try await sql.raw(
                """
                SELECT s.local_start AS start, a.title AS title FROM occurrence_states s JOIN activities a ON a.id = s.activity_id
                WHERE a.user_id = \(bind: person.id) AND s.state = 'done' AND a.private = \(bind: false)
                    AND s.local_start >= \(bind: day) AND s.local_start < \(bind: next)
                ORDER BY s.local_start LIMIT \(literal: Self.linesPerPerson)
                """
            ).all().map { Done(start: try $0.decode(column: "start", as: String.self), title: try $0.decode(column: "title", as: String.self)) }
            sections.append((person.name, done))
        }
        let written = sections
        try await db.writeTransaction { db in
            if !written.isEmpty {
                let words = Words(language: planner.locale, day: day)
                try await Outbox.enqueue(
                    [
                        Outbox.Item(
                            recipient: planner.id, kind: "summary",
                            key: "summary:\(planner.id.uuidString.lowercased()):\(day)",
                            subject: words.subject,
                            body: words.body(to: planner.name, sections: written, account: app.config.link("account"))
                        )
                    ],
                    on: db, now: now
                )
            }
            try await NoticeSettings.query(on: db).filter(\.$user.$id == planner.id).set(\.$summarySentOn, to: day).update()
        }
        // The planner read each person's day, as the person's access log tells them.
        await app.accessLogWriter.write(people.map {
            AccessLog.Event(
                actorID: planner.id, actorRole: $0.role, subjectID: $0.id, action: "read", route: "daily summary",
                ip: nil, platform: nil, at: now
            )
        })
        return !sections.isEmpty
    }

    private struct Words {
        let language: Language
        let day: String

        private var date: String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language == .da ? "da_DK" : "en_GB")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.setLocalizedDateFormatFromTemplate("EEEEdMMMM")
            return LocalDateTime(iso: "\(day)T12:00").map { formatter.string(from: $0.instant(in: TimeZone(identifier: "UTC")!)) } ?? day
        }

        var subject: String {
            language == .da ? "Dagen i dag, \(date)" : "Today, \(date)"
        }

        func body(to planner: String, sections: [(name: String, done: [Done])], account: String) -> String {
            let da = language == .da
            var lines = [da ? "Hej \(planner)" : "Hello \(planner)", "", da ? "Det her blev markeret som gjort i dag:" : "This was marked as done today:"]
            for section in sections {
                lines.append("")
                lines.append(section.name)
                if section.done.isEmpty {
                    lines.append(da ? "  Intet markeret i dag." : "  Nothing marked today.")
                }
                for item in section.done {
                    let clock = LocalDateTime(iso: item.start).map { String(format: "%02d:%02d", $0.hour, $0.minute) } ?? ""
                    lines.append("  \(clock) \(item.title)")
                }
            }
            lines += [
                "",
                da
                    ? "Du får denne oversigt hver aften, fordi du har bedt om den. Den slås fra under Min konto:"
                    : "You get this summary each evening because you asked for it. It is turned off under My account:",
                account,
            ]
            return lines.joined(separator: "\n")
        }
    }
}
