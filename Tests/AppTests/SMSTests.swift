import Fluent
import Foundation
import MobilizeCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Text messages through a real HTTP gateway on this machine: a phone number proved with a code
/// (tries and codes counted in the database, thirty at once included), an escalation by SMS that
/// carries the activity's title and not the person's name, a gateway that fails tried again with
/// growing pauses, one that refuses given up; and a server without a gateway has no phone numbers.
@Suite struct SMSTests {
    typealias JSON = [String: any Sendable]
    typealias R = RemindersTests

    /// The gateway: records what it is sent, answers `fail` times with 503, then with `status`.
    actor Gateway {
        var bodies: [String] = []
        var authorizations: [String] = []
        var fail = 0
        var status: HTTPStatus = .ok

        func take(_ body: String, _ authorization: String?) -> HTTPStatus {
            bodies.append(body)
            authorizations.append(authorization ?? "")
            if fail > 0 {
                fail -= 1
                return .serviceUnavailable
            }
            return status
        }

        func set(fail: Int, status: HTTPStatus = .ok) {
            self.fail = fail
            self.status = status
        }

        func texts() -> [JSON] {
            bodies.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? JSON }
        }
    }

    static func withGateway(_ context: TestContext, _ body: (Gateway) async throws -> Void) async throws {
        let gateway = Gateway()
        let server = try await Application.make(.testing)
        server.logger.logLevel = .warning
        server.post("sms") { req async -> HTTPStatus in
            await gateway.take(req.body.string ?? "", req.headers.first(name: .authorization))
        }
        let port = try await RealtimeTests.serve(server)
        context.app.sms = SMSSender(
            gateway: .init(
                url: URL(string: "http://127.0.0.1:\(port)/sms")!, authorization: "Bearer gateway-key",
                template: #"{"to":"{{to}}","from":"{{from}}","text":"{{text}}"}"#, encoding: .json, sender: "Mobilize"
            ),
            eventLoopGroup: context.app.eventLoopGroup
        )
        do {
            try await body(gateway)
        } catch {
            await server.server.shutdown()
            try? await server.asyncShutdown()
            throw error
        }
        await context.app.sms?.shutdown()
        await server.server.shutdown()
        try await server.asyncShutdown()
    }

    static func code(in text: String) -> String? {
        text.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }.first { $0.count == 6 && Int($0) != nil }
    }

    @Test func aNumberIsProvedWithACodeAndAnEscalationGoesBySMS() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            try await Self.withGateway(context) { gateway in
                let client = context.client
                let given = try await client.send(.PUT, "/api/v1/me/phone", token: f.guardian.token, json: ["number": "12 34 56 78"])
                #expect(given.status == .accepted)
                #expect(given["number"] == "+4512345678" && given.json["verified"] as? Bool == false)
                #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).sent == 1)
                let sent = try #require(await gateway.texts().last)
                #expect(sent["to"] as? String == "+4512345678" && sent["from"] as? String == "Mobilize")
                #expect(await gateway.authorizations.last == "Bearer gateway-key")
                let code = try #require(Self.code(in: sent["text"] as? String ?? ""))
                let wrong = try await client.post("/api/v1/me/phone/verify", token: f.guardian.token, json: ["code": code == "000000" ? "111111" : "000000"])
                #expect(wrong.status == .unprocessableEntity)
                let right = try await client.post("/api/v1/me/phone/verify", token: f.guardian.token, json: ["code": code])
                #expect(right.status == .ok && right.json["verified"] as? Bool == true)

                // Escalations by SMS too; the gateway fails once, so the text goes on the second try.
                let settings: JSON = ["escalationMail": false, "escalationSms": true, "dailySummary": false, "serviceNews": true]
                #expect(try await client.send(.PUT, "/api/v1/me/notice-settings", token: f.guardian.token, json: settings).status == .ok)
                try R.travel(context, to: "2026-11-25T05:00:00Z")
                _ = try await R.activity(
                    context, f.child.id, token: f.guardian.token,
                    ["title": "Medicin", "start": "2026-11-25T08:00", "confirmation": EscalationTests.confirm(30, [f.guardian.id.uuidString])]
                )
                try await context.app.reminders.run(app: context.app)
                #expect(try await R.fires(context, at: "2026-11-25T07:00:00Z") == 1)
                #expect(try await R.fires(context, at: "2026-11-25T07:30:00Z") == 1)
                await gateway.set(fail: 1)
                #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now).retried == 1)
                #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now.addingTimeInterval(31)).sent == 1)
                let escalation = try #require(await gateway.texts().last?["text"] as? String)
                #expect(escalation == "Mobilize: “Medicin” Wednesday 25 November at 08:00 isn’t marked as done yet. See more in the app.")
                #expect(!escalation.contains("Ida"))
                let notice = try #require(try await Notice.query(on: context.app.db).filter(\.$channel == .sms).filter(\.$kind == "escalation").first())
                #expect(notice.status == .sent && notice.attempts == 2)
                // No mail: Gina said no to those.
                #expect(try await Notice.query(on: context.app.db).filter(\.$channel == .mail).count() == 0)

                // A gateway that refuses for good: given up at once.
                await gateway.set(fail: 0, status: .badRequest)
                let again = try await client.send(.PUT, "/api/v1/me/phone", token: f.guardian.token, json: ["number": "+4587654321"])
                #expect(again.status == .accepted)
                #expect(try await context.app.outbox.deliver(app: context.app, now: context.clock.now.addingTimeInterval(40)).failed == 1)
                let refused = try #require(try await Notice.query(on: context.app.db).filter(\.$kind == "code").sort(\.$createdAt).all().last)
                #expect(refused.status == .failed && refused.lastError == "refused400")
            }
        }
    }

    @Test func codesAndTriesAreCountedThirtyAtOnceAndBadInputChangesNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let client = context.client
            // Without a gateway there is nothing to prove a number for.
            let off = try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: ["number": "+4512345678"])
            #expect(off.status == .conflict)
            try await Self.withGateway(context) { gateway in
                for body: JSON in [["number": "abc"], ["number": "+0123456789"], ["number": 12_345_678], ["number": "+45 1234", "x": 1], [:]] {
                    let bad = try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: body)
                    #expect(bad.status.code >= 400 && bad.status.code < 500, "\(body)")
                }
                #expect(try await PhoneNumber.query(on: context.app.db).count() == 0)
                #expect(try await client.get("/api/v1/me/phone", token: f.child.token).status == .forbidden)
                #expect(try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: ["number": "+4512345678"]).status == .accepted)
                _ = try await context.app.outbox.deliver(app: context.app, now: context.clock.now)
                let code = try #require(Self.code(in: await gateway.texts().last?["text"] as? String ?? ""))
                let wrong = code == "999999" ? "888888" : "999999"
                // Thirty wrong codes at once: five tries are counted, and then not even the right one helps.
                let answers = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<30 {
                        group.addTask { try await client.post("/api/v1/me/phone/verify", token: f.planner.token, json: ["code": wrong]).status }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0 == .unprocessableEntity })
                #expect(try await PhoneNumber.query(on: context.app.db).first()?.codeTries == 5)
                let late = try await client.post("/api/v1/me/phone/verify", token: f.planner.token, json: ["code": code])
                #expect(late.status == .unprocessableEntity)
                // Three codes an hour: the fourth is refused with the time to wait.
                #expect(try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: ["number": "+4512345678"]).status == .accepted)
                #expect(try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: ["number": "+4512345678"]).status == .accepted)
                let fourth = try await client.send(.PUT, "/api/v1/me/phone", token: f.planner.token, json: ["number": "+4512345678"])
                #expect(fourth.status == .tooManyRequests && fourth.headers.first(name: "Retry-After") != nil)
                // Removed: gone, and the export no longer holds it.
                #expect(try await client.send(.DELETE, "/api/v1/me/phone", token: f.planner.token).status == .noContent)
                #expect(try await client.get("/api/v1/me/phone", token: f.planner.token).json["number"] is NSNull)
            }
        }
    }
}
