import Foundation
import Testing
import VaporTesting

@testable import App

/// The local SMTP sink that `make test` starts: host, port and the folder it writes mails to.
enum SMTPSink {
    static let env = ProcessInfo.processInfo.environment
    static var host: String? { env["TEST_SMTP_HOST"] }
    static var port: Int? { env["TEST_SMTP_PORT"].flatMap(Int.init) }
    static var maildir: String? { env["TEST_SMTP_MAILDIR"] }
    static var configured: Bool { host != nil && port != nil && maildir != nil }
    /// `make test` sets this, so a missing sink fails the run instead of skipping.
    static var required: Bool { env["MOBILIZE_REQUIRE_SERVICES"] == "1" }
}

@Suite struct MailTests {
    @Test(.enabled(if: SMTPSink.configured || SMTPSink.required))
    func aMailTravelsThroughARealSMTPServer() async throws {
        let host = try #require(SMTPSink.host, "TEST_SMTP_HOST")
        let port = try #require(SMTPSink.port, "TEST_SMTP_PORT")
        let maildir = try #require(SMTPSink.maildir, "TEST_SMTP_MAILDIR")
        let marker = UUID().uuidString
        let mailer = SMTPMailer(
            settings: .init(host: host, port: port, username: "mobilize", password: "secret", startTLS: false),
            from: "Mobilize <no-reply@example.org>",
            heloName: "localhost",
            group: MultiThreadedEventLoopGroup.singleton
        )
        let body = "Hej Mette\n\n.a line that starts with a dot\nÆblegrød \(marker)"
        try await mailer.send(Mail(to: "mette@example.com", subject: "Bekræft din e-mail \(marker)", body: body))

        var found: String?
        for _ in 0..<50 where found == nil {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []
            found = files.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
                .compactMap { try? String(contentsOfFile: maildir + "/" + $0, encoding: .utf8) }
                .first { $0.contains(Data("Bekræft din e-mail \(marker)".utf8).base64EncodedString()) }
            if found == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let message = try #require(found, "the mail reached the sink")
        #expect(message.contains("X-Envelope-To: mette@example.com"))
        let encoded = message.components(separatedBy: "\r\n\r\n").dropFirst().joined().replacingOccurrences(
            of: "\r\n",
            with: ""
        )
        .replacingOccurrences(of: "\n", with: "")
        let decoded = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
        #expect(
            decoded == body.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "\r\n", with: "\n")
                || decoded == body
        )
    }

    @Test func aMessageIsUTF8WithAnEncodedSubject() {
        let text = MIME.message(
            Mail(to: "a@example.org", subject: "Æbler", body: "Hej"),
            from: "Mobilize <n@example.org>",
            date: Date(timeIntervalSince1970: 0),
            messageID: "1@example.org"
        )
        #expect(text.contains("Subject: =?UTF-8?B?w4ZibGVy?="))
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(MIME.address("Mobilize <n@example.org>") == "n@example.org")
        #expect(SMTPMailer.dotStuffed(".hidden\r\nshown") == "..hidden\r\nshown")
    }

    @Test func theDevelopmentMailerWritesEmlFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try await FileMailer(directory: directory, from: "Mobilize <n@example.org>")
            .send(Mail(to: "a@example.org", subject: "Hello", body: "Hi"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1 && files[0].hasSuffix(".eml"))
        try? FileManager.default.removeItem(atPath: directory)
    }
}
