import Foundation
import Vapor

/// One email, plain text, in the recipient's language.
struct Mail: Sendable, Equatable {
    var to: String
    var subject: String
    var body: String
}

protocol Mailer: Sendable {
    func send(_ mail: Mail) async throws
}

/// Renders a mail as an RFC 5322 message: UTF-8 text, encoded subject, quoted-printable free
/// base64 body so any language and line length survives every relay.
enum MIME {
    static func message(_ mail: Mail, from: String, date: Date, messageID: String) -> String {
        let subject = "=?UTF-8?B?\(Data(mail.subject.utf8).base64EncodedString())?="
        let body = Data(mail.body.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        return [
            "From: \(from)",
            "To: \(mail.to)",
            "Subject: \(subject)",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            body,
        ].joined(separator: "\r\n") + "\r\n"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// The address inside `Name <address>`, for the SMTP envelope.
    static func address(_ from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }
}

/// The development default: each mail becomes an `.eml` file in `data/outbox/`.
struct FileMailer: Mailer {
    let directory: String
    let from: String

    func send(_ mail: Mail) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let id = UUID().uuidString.lowercased()
        let text = MIME.message(mail, from: from, date: Date(), messageID: "\(id)@mobilize")
        let name = "\(Int(Date().timeIntervalSince1970))-\(id).eml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
    }
}

/// Keeps mails in memory for tests.
actor MemoryMailer: Mailer {
    private(set) var sent: [Mail] = []

    func send(_ mail: Mail) async throws { sent.append(mail) }

    func last(to address: String) -> Mail? { sent.last { $0.to == address } }
}

extension Application {
    private struct MailerKey: StorageKey { typealias Value = any Mailer }

    var mailer: any Mailer {
        get {
            guard let mailer = storage[MailerKey.self] else { fatalError("configure(_:) sets the mailer") }
            return mailer
        }
        set { storage[MailerKey.self] = newValue }
    }
}
