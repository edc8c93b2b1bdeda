import Fluent
import Foundation
import MobilizeCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Policy 7: data is kept while the account is used; an erased account leaves nothing behind but
/// billing records, kept 5 years (Bookkeeping Act) unlinked from the person.
@Suite struct PolicySection7StorageTests {
    /// Gives the teen a row in every table that can refer to a person.
    static func fillEveryTable(_ context: TestContext, _ fixtures: Fixtures) async throws {
        let client = context.client
        let teen = fixtures.teen
        let db = context.app.db
        let now = context.clock.now
        _ = try await client.post("/api/v1/users/\(teen.id)/consents", token: teen.token, json: ["policyVersion": PrivacyPolicy.current.version])
        _ = try await client.post(
            "/api/v1/users/\(teen.id)/invitations",
            token: teen.token,
            json: ["email": "aunt@example.org", "role": "viewer"]
        )
        let brother = try await client.post(
            "/api/v1/users",
            token: teen.token,
            json: ["name": "Little brother", "app": "me"]
        )
        // Their mother is his guardian too, so the teen may be erased without leaving him alone.
        try await PlannerLink(
            userID: try #require(brother["id"].flatMap(UUID.init(uuidString:))),
            plannerID: fixtures.guardian.id,
            role: .guardian,
            createdAt: context.clock.now
        ).create(on: context.app.db)
        // An activity of the teen's own, ticked off, and one the teen made for the little brother.
        let own = try await client.post(
            "/api/v1/users/\(teen.id)/activities",
            token: teen.token,
            json: ["title": "Swimming", "start": "2026-12-01T16:00", "recurrence": "FREQ=WEEKLY"]
        )
        _ = try await client.send(
            .PUT,
            "/api/v1/users/\(teen.id)/activities/\(own["id"] ?? "")/occurrences/2026-12-08T16:00/state",
            token: teen.token,
            json: ["state": "done"]
        )
        _ = try await client.post(
            "/api/v1/users/\(brother["id"] ?? "")/activities",
            token: teen.token,
            json: ["title": "Bedtime story", "start": "2026-12-01T19:00"]
        )
        // A routine of the teen's own days, and one the teen made for the little brother.
        _ = try await client.post(
            "/api/v1/users/\(teen.id)/routines",
            token: teen.token,
            json: ["name": "Swimming day", "from": "2026-12-08"]
        )
        _ = try await client.post(
            "/api/v1/users/\(brother["id"] ?? "")/routines",
            token: teen.token,
            json: ["name": "Evening", "from": "2026-12-01"]
        )
        // A calendar feed of the teen's plan, and one the teen keeps of the little brother's.
        _ = try await client.post("/api/v1/users/\(teen.id)/calendar-feeds", token: teen.token)
        _ = try await client.post("/api/v1/users/\(brother["id"] ?? "")/calendar-feeds", token: teen.token)
        _ = try await client.get("/api/v1/users/\(teen.id)", token: fixtures.planner.token)
        _ = try await client.send(
            .PUT,
            "/api/v1/me/email",
            token: teen.token,
            json: ["email": "tove.new@example.org", "password": Fixtures.password]
        )
        let created = try await client.post("/api/v1/institutions", token: teen.token, json: ["name": "Youth club"])
        let club = try #require(created["id"])
        _ = try await client.post(
            "/api/v1/institutions/\(club)/staff-invitations",
            token: teen.token,
            json: ["email": "x@example.org", "role": "staff"]
        )
        try await ServedUser(
            institutionID: fixtures.schoolID,
            userID: teen.id,
            addedBy: fixtures.guardian.id,
            createdAt: now
        ).create(on: db)
        _ = try await client.post("/api/v1/users/\(fixtures.teen.id)/pairing-codes", token: teen.token)
        try await BreachNotice(
            breachID: UUID(),
            reason: "test",
            window: now...now,
            subjectID: teen.id,
            recipientID: teen.id,
            sentAt: now
        ).create(on: db)
        try await Invoice(
            number: "2026-0001",
            institutionID: nil,
            userID: teen.id,
            buyer: "Tove",
            amountMinor: 9900,
            currency: "DKK",
            issuedAt: now,
            financialYearEnd: now
        ).create(on: db)
        let picture = try await client.upload(
            "/api/v1/users/\(teen.id)/pictures",
            token: teen.token,
            data: try ImagePipeline.testJPEG(width: 120, height: 90)
        )
        _ = try await client.send(
            .PUT,
            "/api/v1/users/\(teen.id)/avatar",
            token: teen.token,
            json: ["pictureId": picture["id"] ?? ""]
        )
        // A photo of a note with the teen's address on it, held by the guard.
        let held = try await client.upload(
            "/api/v1/users/\(teen.id)/pictures",
            token: teen.token,
            data: try ImagePipeline.testText("Skriv til Tove\ntove@example.org", width: 1200, height: 600)
        )
        #expect(held.status == .accepted)
        // A member of the club the teen enrolled, with an invitation to the member's parent.
        let enrolled = try await client.post(
            "/api/v1/institutions/\(club)/enrolments",
            token: teen.token,
            json: ["name": "New member", "guardianEmails": ["member.parent@example.org"]]
        )
        #expect(enrolled.status == .created)
        // A pictogram the teen added to the youth club's collection, and their own name for it.
        let collection = try await client.post(
            "/api/v1/institutions/\(club)/pictogram-collections",
            token: teen.token,
            json: ["name": "Club"]
        )
        let pictogram = try await client.upload(
            "/api/v1/institutions/\(club)/pictogram-collections/\(collection["id"] ?? "")/pictograms",
            token: teen.token,
            data: try ImagePipeline.testJPEG(width: 64, height: 64),
            fields: [("name", "Pool table")]
        )
        _ = try await client.send(
            .PUT,
            "/api/v1/users/\(teen.id)/pictograms/\(pictogram["id"] ?? "")/name",
            token: teen.token,
            json: ["name": "Billiards"]
        )
        // Chat: a message with a photo in the teen's circle, a planner's answer, a direct
        // conversation and a read receipt.
        let circle = try await client.get("/api/v1/users/\(teen.id)/conversations", token: teen.token).items.first?["id"]
        let messages = "/api/v1/conversations/\(circle as? String ?? "")/messages"
        let photo = try await client.upload(
            "/api/v1/conversations/\(circle as? String ?? "")/pictures",
            token: teen.token,
            data: try ImagePipeline.testJPEG(width: 140, height: 90)
        )
        let sent = try await client.post(
            messages,
            token: teen.token,
            json: ["clientKey": "bag", "text": "My bag is packed", "pictureIds": [photo["id"] ?? ""]]
        )
        #expect(sent.status == .created)
        _ = try await client.post(messages, token: fixtures.planner.token, json: ["clientKey": "a", "text": "Well done"])
        _ = try await client.send(.PUT, "/api/v1/conversations/\(circle as? String ?? "")/read", token: teen.token, json: ["seq": 2])
        _ = try await client.post(
            "/api/v1/users/\(teen.id)/conversations",
            token: teen.token,
            json: ["withUserId": fixtures.planner.id.uuidString]
        )
        // Rewards: switched on by a planner, so the goal's progress below earns the teen a star.
        let rewards = "/api/v1/users/\(teen.id)/rewards"
        _ = try await client.send(.PUT, "\(rewards)/settings", token: fixtures.planner.token, json: ["enabled": true])
        let reward = try await client.post(rewards, token: fixtures.planner.token, json: ["title": "Cinema", "cost": 1])
        // Goals: the teen's own with a step reached and progress by a planner, and a goal the
        // teen set up nowhere else (the teen records on their own).
        let goal = try await client.post(
            "/api/v1/users/\(teen.id)/goals",
            token: teen.token,
            json: ["title": "Pack my bag", "measure": "count", "target": 4, "steps": [["text": "Make a list"]]]
        )
        #expect(goal.status == .created)
        let goalPath = "/api/v1/users/\(teen.id)/goals/\(goal["id"] ?? "")"
        let step = (goal.json["steps"] as? [[String: any Sendable]])?.first?["id"] as? String ?? ""
        _ = try await client.send(.PUT, "\(goalPath)/steps/\(step)", token: teen.token, json: ["reached": true])
        _ = try await client.post("\(goalPath)/progress", token: teen.token, json: ["kind": "tick"])
        _ = try await client.post("\(goalPath)/progress", token: fixtures.planner.token, json: ["kind": "comment", "note": "Nice"])
        let wish = try await client.post("\(rewards)/\(reward["id"] ?? "")/redemptions", token: teen.token, json: ["clientKey": "w"])
        #expect(wish.status == .created)
        // Reminders: the teen's own settings, and reminders written ahead for an activity of theirs.
        _ = try await client.send(
            .PUT, "/api/v1/users/\(teen.id)/reminder-settings", token: teen.token,
            json: ["quietHours": ["from": "22:00", "until": "07:00"], "sound": false, "speech": true, "atStart": true, "perHour": 4]
        )
        let tomorrow = LocalDateTime(instant: context.clock.now.addingTimeInterval(86_400), in: TimeZone(identifier: "Europe/Copenhagen")!)
        let football = try await client.post(
            "/api/v1/users/\(teen.id)/activities", token: teen.token,
            json: ["title": "Football", "start": tomorrow.description, "reminders": [30]]
        )
        #expect(football.status == .created)
        try await context.app.reminders.run(app: context.app)
        // Notifications on the teen's phone.
        let pushed = try await client.post(
            "/api/v1/me/push-subscriptions", token: teen.token,
            json: PushTests.subscription("https://fcm.googleapis.com/fcm/send/teen-phone")
        )
        #expect(pushed.status == .created)
        // How the teen is told, and a mail written to them.
        _ = try await client.send(.PUT, "/api/v1/me/notice-settings", token: teen.token, json: ["escalationMail": false, "escalationSms": false, "dailySummary": false, "serviceNews": true])
        try await Outbox.enqueue(
            [Outbox.Item(recipient: teen.id, kind: "escalation", key: "teen", subject: "Subject", body: "Body")],
            on: context.app.db, now: context.clock.now
        )
        // A phone number for text messages (written as the code route does; this server has no gateway).
        let phone = PhoneNumber()
        phone.$user.id = teen.id
        phone.number = "+4512345678"
        phone.codeTries = 0
        phone.createdAt = context.clock.now
        try await phone.create(on: context.app.db)
        let export = try await client.post("/api/v1/me/export", token: teen.token)
        let exportID = try #require(export["id"])
        for _ in 0..<600 {
            if try await client.get("/api/v1/me/exports/\(exportID)", token: teen.token)["status"] == "ready" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every table and column that can refer to a person, and how many rows name this id.
    static func references(to id: UUID, on db: any Database) async throws -> [String: Int] {
        let sql = try #require(db as? any SQLDatabase)
        var found: [String: Int] = [:]
        var references = try await PersonalDataRegistryTests.personReferences(on: db)
        references.insert(.init(table: User.schema, column: "id"))
        for reference in references where !reference.column.hasSuffix("email") && reference.column != "address" {
            let count =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(reference.table).where(SQLIdentifier(reference.column), .equal, SQLBind(id)).first()?
                .decode(column: "n", as: Int.self) ?? 0
            if count > 0 { found[reference.description] = count }
        }
        return found
    }

    @Test func anErasedAccountLeavesNoRowNoFileAndNoSessionButKeepsBillingUnlinked() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            try await Self.fillEveryTable(context, fixtures)
            let teen = fixtures.teen.id
            let before = try await Self.references(to: teen, on: context.app.db)
            // Tables that name a person only by address (an invitation's) are checked by address.
            let everyTable = Set(Composition.personalData.declarations.filter { !$0.columns.isEmpty }.map(\.table))
            #expect(
                Set(before.keys.map { String($0.split(separator: ".")[0]) }) == everyTable,
                "the teen is in every table"
            )
            let exportFiles = try FileManager.default.contentsOfDirectory(
                atPath: context.app.config.dataDirectory + "/exports"
            )
            #expect(!exportFiles.isEmpty)

            _ = try await context.client.post("/api/v1/me/deletion", token: fixtures.teen.token)
            let stillOpen = try await context.client.login("tove@example.org")
            context.clock.advance(by: PrivacyController.gracePeriod - 60)
            #expect(try await PrivacyJobs(app: context.app).run().erased == 0, "not before 30 days")
            context.clock.advance(by: 61)
            #expect(try await PrivacyJobs(app: context.app).run().erased == 1)

            #expect(try await Self.references(to: teen, on: context.app.db).isEmpty)
            let left = try FileManager.default.contentsOfDirectory(
                atPath: context.app.config.dataDirectory + "/exports"
            )
            #expect(left.isEmpty, "files left: \(left)")
            #expect(try await context.client.get("/api/v1/me", token: stillOpen).status == .unauthorized)
            // Only the youth club's pictogram is left: it is the club's, not the teen's.
            let clubs = try await Pictogram.query(on: context.app.db).all(\.$imageKey)
            #expect(clubs.count == 1)
            #expect(
                PicturesTests.mediaFiles(context).map { String($0.split(separator: "/").last!) } == clubs,
                "every size of the teen's picture is gone"
            )
            let invoice = try #require(
                try await Invoice.query(on: context.app.db).filter(\.$number == "2026-0001").first()
            )
            #expect(invoice.$user.id == nil)
            #expect(try await context.app.accessLogBreak() == nil)
            #expect(try await User.find(fixtures.planner.id, on: context.app.db) != nil, "others stay")
        }
    }

    @Test func billingRecordsGoFiveYearsAfterTheEndOfTheirFinancialYear() async throws {
        try await withApp { context in
            let db = context.app.db
            let calendar = Calendar(identifier: .gregorian)
            let yearEnd = context.clock.now
            try await Invoice(
                number: "old",
                institutionID: nil,
                userID: nil,
                buyer: "Former customer",
                amountMinor: 100,
                currency: "DKK",
                issuedAt: yearEnd,
                financialYearEnd: yearEnd
            ).create(on: db)
            context.clock.advance(
                by: calendar.date(byAdding: .year, value: 5, to: yearEnd)!.timeIntervalSince(yearEnd) - 3600
            )
            #expect(try await PrivacyJobs(app: context.app).run().invoicesDeleted == 0)
            context.clock.advance(by: 7200)
            #expect(try await PrivacyJobs(app: context.app).run().invoicesDeleted == 1)
        }
    }

    @Test func anErasureInterruptedHalfWayIsFinishedByTheNextRun() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            try await Self.fillEveryTable(context, fixtures)
            _ = try await context.client.post("/api/v1/me/deletion", token: fixtures.teen.token)
            // The first half of the registry is erased, then the run stops.
            let sql = try #require(context.app.db as? any SQLDatabase)
            for declaration in Composition.personalData.declarations.prefix(4) {
                for (column, erasure) in declaration.columns where erasure == .deleteRow {
                    try await sql.delete(from: declaration.table).where(
                        SQLIdentifier(column),
                        .equal,
                        SQLBind(fixtures.teen.id)
                    ).run()
                }
            }
            #expect(!(try await Self.references(to: fixtures.teen.id, on: context.app.db)).isEmpty)
            context.clock.advance(by: PrivacyController.gracePeriod + 1)
            _ = try await PrivacyJobs(app: context.app).run()
            #expect(try await Self.references(to: fixtures.teen.id, on: context.app.db).isEmpty)
            _ = try await PrivacyJobs(app: context.app).run()
        }
    }
}
