import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// The caller's phone number for text messages: given, proved with a six-digit code sent to it
/// (ten minutes, five tries, three codes an hour, each counted in the database), or removed. Only
/// when the server has an SMS gateway; only a person's own, never a paired device's.
struct PhoneController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let phone = routes.grouped("me", "phone")
        phone.get(use: show)
        phone.put(use: change)
        phone.post("verify", use: verify)
        phone.delete(use: remove)
    }

    func show(req: Request) async throws -> PhoneDTO {
        let userID = try req.person.userID
        return PhoneDTO(try await PhoneNumber.query(on: req.db).filter(\.$user.$id == userID).first(), available: req.application.sms != nil)
    }

    /// A new number: kept unproved, and a code sent to it.
    func change(req: Request) async throws -> Response {
        let userID = try req.person.userID
        let body = try req.decode(PhoneRequest.self)
        guard req.application.sms != nil else {
            throw Problem.conflict("This server sends no text messages (it has no SMS gateway), so a phone number is of no use here.")
        }
        let number = SMS.normalized(body.number)
        var validator = Validator()
        validator.require(number != nil, "number", "is a phone number, with its country code (+45 12 34 56 78)")
        try validator.check()
        if let wait = try await RateWindow(db: req.db).use("sms-code:\(userID)", limit: SMS.Code.perHour, per: 3600, at: req.now) {
            throw Problem.rateLimited(retryAfter: wait, "Three codes an hour at most. Try again later.")
        }
        let code = SMS.Code.make()
        let phone = PhoneNumber()
        phone.$user.id = userID
        phone.number = number ?? ""
        phone.codeHash = Secret.hash(code)
        phone.codeExpiresAt = req.now.addingTimeInterval(SMS.Code.validFor)
        phone.codeTries = 0
        phone.createdAt = req.now
        let language = try req.person.user.locale
        try await req.db.writeTransaction { db in
            try await PhoneNumber.query(on: db).filter(\.$user.$id == userID).delete()
            try await phone.create(on: db)
            try await Outbox.enqueue(
                [
                    Outbox.Item(
                        recipient: userID, kind: "code", key: "code:\(UUID().uuidString.lowercased())", subject: "",
                        body: language == .da
                            ? "Din kode til Mobilize er \(code). Den virker i 10 minutter."
                            : "Your Mobilize code is \(code). It works for 10 minutes.",
                        channel: .sms, address: phone.number
                    )
                ],
                on: db, now: req.now
            )
        }
        return try await PhoneDTO(phone, available: true).encodeResponse(status: .accepted, for: req)
    }

    /// The code sent to the number: right, in time and within the tries, the number is proved.
    func verify(req: Request) async throws -> PhoneDTO {
        let userID = try req.person.userID
        let body = try req.decode(PhoneCodeRequest.self)
        // The try is counted first, in one statement: thirty at once are thirty tries.
        let counted = try await req.db.writeTransaction { db in
            try await (db as? any SQLDatabase)?.direct(
                """
                UPDATE phone_numbers SET code_tries = code_tries + 1
                WHERE user_id = \(bind: userID) AND code_hash IS NOT NULL AND code_tries < \(bind: SMS.Code.tries)
                RETURNING code_hash, code_expires_at
                """
            ).first
        }
        guard let counted else {
            var none = Validator()
            none.require(false, "code", "is not waiting, or was tried too often: ask for a new one")
            try none.check()
            return try await show(req: req)
        }
        let hash = try counted.decode(column: "code_hash", as: String.self)
        let expires = try counted.decode(column: "code_expires_at", as: Date.self)
        var validator = Validator()
        validator.require(expires > req.now, "code", "has run out (it works for 10 minutes): ask for a new one")
        validator.require(Secret.hash(body.code.trimmingCharacters(in: .whitespaces)) == hash, "code", "is not the code sent")
        try validator.check()
        try await PhoneNumber.query(on: req.db).filter(\.$user.$id == userID).set(\.$verifiedAt, to: req.now)
            .set(\.$codeHash, to: nil).set(\.$codeExpiresAt, to: nil).update()
        return PhoneDTO(try await PhoneNumber.query(on: req.db).filter(\.$user.$id == userID).first(), available: req.application.sms != nil)
    }

    func remove(req: Request) async throws -> HTTPStatus {
        let userID = try req.person.userID
        try await PhoneNumber.query(on: req.db).filter(\.$user.$id == userID).delete()
        return .noContent
    }
}

struct PhoneDTO: Content {
    /// E.164; null: none.
    @NullEncoded var number: String?
    /// Proved with a code.
    let verified: Bool
    /// The server sends text messages.
    let smsAvailable: Bool

    init(_ phone: PhoneNumber?, available: Bool) {
        number = phone?.number
        verified = phone?.verifiedAt != nil
        smsAvailable = available
    }
}

struct PhoneRequest: StrictContent {
    static let allowedKeys: Set<String> = ["number"]
    let number: String
}

struct PhoneCodeRequest: StrictContent {
    static let allowedKeys: Set<String> = ["code"]
    let code: String
}
