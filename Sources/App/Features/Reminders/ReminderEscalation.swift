import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Vapor

/// An occurrence that asks to be confirmed and was not marked done in time: the planners chosen
/// for it who are still in the person's circle are told, once, calmly: on their open screens, by
/// Web Push, by mail unless they said no to that, and by SMS to a proved number if they asked for
/// it (the text carries the activity's title and time, not the person's name). Each message's key
/// is the escalation, the planner and the channel, so a firing repeated after a restart writes no
/// second one.
enum ReminderEscalation {
    struct Due: Sendable {
        let reminder: ReminderScheduler.Claimed
        let activity: Activity
        let person: ReminderDecision.Person
    }

    private struct Planner {
        let name: String
        let locale: Language
        let mail: Bool
        let sms: Bool
    }

    static func outcomes(_ due: [Due], db: any Database, accountLink: String, sms: Bool) async throws
        -> [ReminderDecision.Outcome]
    {
        guard !due.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let users = Array(Set(due.map(\.reminder.user)))
        let wanted = Array(Set(due.flatMap(\.activity.confirmTell)))
        // Who is still in whose circle, and may be told (not blocked, not being erased).
        var circles: [UUID: Set<UUID>] = [:]
        var planners: [UUID: Planner] = [:]
        if !wanted.isEmpty {
            for chunk in users.chunks() {
                for row in try await sql.raw(
                    """
                    SELECT l.user_id AS user_id, l.planner_id AS planner_id, p.name AS name, p.locale AS locale,
                        s.escalation_mail AS mail, s.escalation_sms AS sms, ph.number AS phone
                    FROM planner_links l JOIN users p ON p.id = l.planner_id
                    LEFT JOIN notice_settings s ON s.user_id = p.id
                    LEFT JOIN phone_numbers ph ON ph.user_id = p.id AND ph.verified_at IS NOT NULL
                    WHERE l.user_id IN (\(binds: chunk)) AND l.planner_id IN (\(binds: wanted))
                        AND p.restricted_at IS NULL AND p.erasure_due_at IS NULL
                    """
                ).all() {
                    let planner = try row.decode(column: "planner_id", as: UUID.self)
                    let wantsSMS = try row.decode(column: "sms", as: Bool?.self) ?? false
                    let proved = try row.decode(column: "phone", as: String?.self) != nil
                    circles[try row.decode(column: "user_id", as: UUID.self), default: []].insert(planner)
                    planners[planner] = Planner(
                        name: try row.decode(column: "name", as: String.self),
                        locale: try row.decode(column: "locale", as: Language.self),
                        mail: try row.decode(column: "mail", as: Bool?.self) ?? true,
                        sms: sms && wantsSMS && proved
                    )
                }
            }
        }
        var outcomes: [ReminderDecision.Outcome] = []
        for item in due {
            let told = item.activity.confirmTell.filter { circles[item.reminder.user]?.contains($0) == true }
            guard !told.isEmpty else {
                outcomes.append(ReminderDecision.Outcome(reminder: item.reminder, reason: .nobodyToTell))
                continue
            }
            var outcome = ReminderDecision.Outcome(reminder: item.reminder, reason: nil)
            for id in told {
                guard let planner = planners[id] else { continue }
                let words = Words(item, language: planner.locale)
                outcome.frames.append(try frame(item, words: words, to: id))
                if planner.sms {
                    outcome.mails.append(
                        Outbox.Item(
                            recipient: id,
                            kind: "escalation",
                            key: "escalation-sms:\(item.reminder.id.uuidString.lowercased()):\(id.uuidString.lowercased())",
                            subject: "",
                            body: words.sms,
                            channel: .sms
                        )
                    )
                }
                if planner.mail {
                    outcome.mails.append(
                        Outbox.Item(
                            recipient: id,
                            kind: "escalation",
                            key: "escalation:\(item.reminder.id.uuidString.lowercased()):\(id.uuidString.lowercased())",
                            subject: words.subject,
                            body: words.mail(to: planner.name, account: accountLink)
                        )
                    )
                }
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private static func frame(_ item: Due, words: Words, to planner: UUID) throws -> ReminderNews.Frame {
        let activity = item.activity
        let frame = EscalationFrame(
            escalation: EscalationDTO(
                id: item.reminder.id,
                userId: item.reminder.user,
                name: item.person.name,
                activityId: try activity.requireID(),
                occurrenceStart: item.reminder.occurrenceStart,
                title: activity.title,
                pictogramId: activity.pictogramID,
                pictureId: activity.pictureID,
                withinMinutes: -item.reminder.offsetMinutes,
                message: words.message,
                language: words.language.rawValue
            )
        )
        return ReminderNews.Frame(id: item.reminder.id, user: planner, text: try ReminderNews.text(of: frame), whole: true)
    }

    /// The calm words of an escalation, in the planner's language: what, when, whose; never blame.
    struct Words {
        let language: Language
        let title: String
        let name: String
        let when: String

        init(_ item: Due, language: Language) {
            self.language = language
            title = item.activity.title
            name = item.person.name
            let start = LocalDateTime(iso: item.reminder.occurrenceStart)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language == .da ? "da_DK" : "en_GB")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.setLocalizedDateFormatFromTemplate("EEEEdMMMM")
            let day = start.map { formatter.string(from: $0.instant(in: TimeZone(identifier: "UTC")!)) } ?? ""
            let clock = start.map { String(format: "%02d:%02d", $0.hour, $0.minute) } ?? ""
            when = language == .da ? "\(day) kl. \(clock)" : "\(day) at \(clock)"
        }

        /// "Idas", "Jonas'": the Danish genitive.
        private var owner: String {
            guard language == .da else { return "\(name)’s" }
            return ["s", "x", "z"].contains(name.last.map { String($0).lowercased() } ?? "") ? "\(name)’" : "\(name)s"
        }

        var message: String {
            switch language {
            case .da: "»\(title)« \(when) er endnu ikke markeret som gjort i \(owner) plan."
            case .en: "“\(title)” \(when) isn’t marked as done in \(owner) plan yet."
            }
        }

        /// The text message: the activity's title and time only, never whose plan it is.
        var sms: String {
            switch language {
            case .da: "Mobilize: »\(title)« \(when) er endnu ikke markeret som gjort. Se mere i appen."
            case .en: "Mobilize: “\(title)” \(when) isn’t marked as done yet. See more in the app."
            }
        }

        var subject: String {
            switch language {
            case .da: "\(name): »\(title)« er ikke markeret som gjort"
            case .en: "\(name): “\(title)” isn’t marked as done"
            }
        }

        func mail(to planner: String, account: String) -> String {
            switch language {
            case .da:
                """
                Hej \(planner)

                \(message) Måske er det gjort alligevel, og der er bare ikke sat flueben.

                Du får denne besked én gang, fordi du er valgt til at få besked om denne aftale. Hvem der får besked, vælges under aftalens påmindelser. Om du også vil have den slags beskeder på mail, vælger du under Min konto:
                \(account)
                """
            case .en:
                """
                Hello \(planner)

                \(message) Perhaps it was done all the same, and just not ticked off.

                You get this message once, because you were chosen to be told about this activity. Who is told is chosen in the activity's reminders. Whether you want such messages by mail too, you choose under My account:
                \(account)
                """
            }
        }
    }
}

struct EscalationFrame: Encodable {
    let type = "escalation"
    let escalation: EscalationDTO
}

/// To a planner: an occurrence of someone in their circle is not marked done in time.
struct EscalationDTO: Content {
    /// The escalation's id: a screen shows each once.
    let id: UUID
    /// Whose plan.
    let userId: UUID
    let name: String
    let activityId: UUID
    let occurrenceStart: String
    let title: String
    let pictogramId: UUID?
    let pictureId: UUID?
    let withinMinutes: Int
    /// The sentence to show, in the planner's language.
    let message: String
    let language: String
}
