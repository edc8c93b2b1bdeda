import Foundation
import Vapor

extension Application {
    /// Writes mails down in the outbox and sends them at once; one the relay refuses is tried
    /// again by the outbox, with growing pauses.
    func sendMails(_ items: [Outbox.Item]) async throws {
        guard !items.isEmpty else { return }
        try await Outbox.enqueue(items, on: db, now: clock.now)
        try await outbox.deliver(app: self, now: clock.now)
    }
}

extension Request {
    /// Mails after the answer has left, through the outbox: the answer takes no longer because
    /// someone is mailed (no timing tells whether an address has an account), and a mail relay
    /// that is down loses neither the account change already saved nor the mail.
    func sendMails(_ items: [Outbox.Item]) {
        afterAnswer("mail") { app in try await app.sendMails(items) }
    }
}
