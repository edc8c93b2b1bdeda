import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// PlaNet chat over HTTP: who reads and writes which conversation, numbers that never skip or
/// repeat, a retried send that never doubles, history from when a planner joined, pictures seen
/// by the members alone, read receipts, limits, and erasure.
@Suite struct ChatTests {
    typealias JSON = [String: any Sendable]

    /// The circle's conversation of a user, as `token` sees it.
    static func circle(_ context: TestContext, of user: UUID, token: String) async throws -> JSON {
        let list = try await context.client.get("/api/v1/users/\(user)/conversations", token: token)
        #expect(list.status == .ok)
        return try #require(list.items.first { $0["kind"] as? String == "circle" })
    }

    static func send(
        _ context: TestContext,
        _ conversation: String,
        token: String,
        text: String?,
        key: String = UUID().uuidString,
        pictures: [String] = []
    ) async throws -> Reply {
        var body: JSON = ["clientKey": key]
        if let text { body["text"] = text }
        if !pictures.isEmpty { body["pictureIds"] = pictures }
        return try await context.client.post("/api/v1/conversations/\(conversation)/messages", token: token, json: body)
    }

    static func texts(_ reply: Reply) -> [String] { reply.items.map { $0["text"] as? String ?? "(deleted)" } }

    static func history(_ context: TestContext, _ conversation: String, token: String, _ query: String = "") async throws
        -> Reply
    {
        try await context.client.get("/api/v1/conversations/\(conversation)/messages\(query)", token: token)
    }

    @Test func theYoungPersonAndTheirPlannersTalkInTheCircleAndNobodyElseSeesIt() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let circle = try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)
            let id = try #require(circle["id"] as? String)
            #expect(circle["mayWrite"] as? Bool == true && circle["lastSeq"] as? Int == 0)
            let members = (circle["members"] as? [JSON] ?? []).map { "\($0["name"] ?? "") \($0["role"] ?? "")" }
            #expect(members == ["Tove user", "Gina guardian", "Paul planner"])

            let asked = try await Self.send(context, id, token: fixtures.teen.token, text: "  Can we move football to Thursday? ")
            #expect(asked.status == .created)
            #expect(asked["text"] == "Can we move football to Thursday?" && asked.json["seq"] as? Int == 1)
            #expect(asked["senderName"] == "Tove" && asked["clientKey"] != nil)
            let answered = try await Self.send(context, id, token: fixtures.planner.token, text: "Yes, I will move it.")
            #expect(answered.json["seq"] as? Int == 2)

            let seen = try await Self.history(context, id, token: fixtures.guardian.token)
            #expect(Self.texts(seen) == ["Can we move football to Thursday?", "Yes, I will move it."])
            #expect(seen.items.allSatisfy { $0["clientKey"] is NSNull }, "only the sender sees their key")
            // The same conversation from the list of everyone in the circle.
            let again = try await Self.circle(context, of: fixtures.teen.id, token: fixtures.planner.token)
            #expect(again["id"] as? String == id && again["unreadCount"] as? Int == 1)

            for outsider in [fixtures.stranger.token, fixtures.schoolStaff.token] {
                #expect(try await Self.history(context, id, token: outsider).status == .notFound)
                #expect(try await Self.send(context, id, token: outsider, text: "hi").status == .notFound)
                let list = try await context.client.get("/api/v1/users/\(fixtures.teen.id)/conversations", token: outsider)
                #expect(list.status == .notFound)
            }
            // A planner's read is in the young person's access log.
            let log = try await context.client.get("/api/v1/users/\(fixtures.teen.id)/access-log", token: fixtures.teen.token)
            #expect(log.items.contains { $0["action"] as? String == "write in chat" })
        }
    }

    /// More messages than a page, in two conversations, at times that are not whole seconds: the
    /// export holds each exactly once, and its pages come to an end.
    @Test func theExportHoldsEveryMessageOnceAcrossPages() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let db = context.app.db
            let teen = fixtures.teen.id
            let circle = try await ChatAccess.circleConversation(of: teen, on: db, now: context.clock.now)
            let direct = Conversation(circleUser: teen, between: (teen, fixtures.planner.id), now: context.clock.now)
            try await direct.create(on: db)
            let count = ChatData.pageSize * 2 + 37
            for n in 0..<count {
                let message = ChatMessage()
                message.$conversation.id = try (n % 3 == 0 ? direct : circle).requireID()
                message.seq = n + 1
                message.$sender.id = teen
                message.clientKey = "page-\(n)"
                message.text = "Message \(n)"
                message.sentAt = context.clock.now.addingTimeInterval(Double(n) * 0.001 + 0.123_456_789)
                try await message.create(on: db)
            }
            let seen = NIOLockedValueBox<[UUID]>([])
            let pages = NIOLockedValueBox(0)
            try await ChatData.streamers[.messages]!(db, teen) { page in
                pages.withLockedValue { $0 += 1 }
                #expect(pages.withLockedValue { $0 } <= 4, "the pages come to an end")
                seen.withLockedValue { $0 += page.compactMap { ($0 as? ChatData.Record)?.id } }
            }
            let ids = seen.withLockedValue { $0 }
            #expect(ids.count == count && Set(ids).count == count)
        }
    }

    @Test func thirtySendsAtOnceAreNumberedOneToThirtyAndThirtyRetriesOfOneAreOneMessage() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let circle = try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)
            let id = try #require(circle["id"] as? String)
            let tokens = [fixtures.teen.token, fixtures.guardian.token, fixtures.planner.token]
            let sent = try await withThrowingTaskGroup(of: (UInt, Int).self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let reply = try await Self.send(context, id, token: tokens[index % 3], text: "message \(index)")
                        return (reply.status.code, reply.json["seq"] as? Int ?? -1)
                    }
                }
                var all: [(UInt, Int)] = []
                for try await one in group { all.append(one) }
                return all
            }
            #expect(sent.allSatisfy { $0.0 == 201 })
            #expect(sent.map(\.1).sorted() == Array(1...30), "no number skipped or repeated")

            let key = UUID().uuidString
            let retried = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        let reply = try await Self.send(context, id, token: fixtures.teen.token, text: "On my way", key: key)
                        return (reply.status.code, reply["id"] ?? "")
                    }
                }
                var all: [(UInt, String)] = []
                for try await one in group { all.append(one) }
                return all
            }
            #expect(retried.filter { $0.0 == 201 }.count == 1 && retried.filter { $0.0 == 200 }.count == 29)
            #expect(Set(retried.map(\.1)).count == 1, "every retry answers the one message")
            let page = try await Self.history(context, id, token: fixtures.teen.token, "?after=30")
            #expect(page.items.map { $0["seq"] as? Int ?? -1 } == [31])
            let shown = try await context.client.get("/api/v1/conversations/\(id)", token: fixtures.teen.token)
            #expect(shown.json["lastSeq"] as? Int == 31)
        }
    }

    @Test func aNewPlannerReadsFromWhenTheyJoinedUnlessTheCircleSharesItsHistory() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            _ = try await Self.send(context, id, token: fixtures.teen.token, text: "Before you came")
            context.clock.advance(by: 60)
            try await PlannerLink(
                userID: fixtures.teen.id,
                plannerID: fixtures.viewer.id,
                role: .planner,
                createdAt: context.clock.now
            ).create(on: context.app.db)
            context.clock.advance(by: 60)
            _ = try await Self.send(context, id, token: fixtures.teen.token, text: "Welcome")

            let late = try await Self.history(context, id, token: fixtures.viewer.token)
            #expect(Self.texts(late) == ["Welcome"])
            let view = try await context.client.get("/api/v1/conversations/\(id)", token: fixtures.viewer.token)
            #expect(view.json["firstVisibleSeq"] as? Int == 2 && view.json["unreadCount"] as? Int == 1)

            // The circle's choice is the young person's, not the guardian's (the young person is 15).
            let byGuardian = try await context.client.send(
                .PATCH, "/api/v1/conversations/\(id)", token: fixtures.guardian.token, json: ["sharesHistory": true]
            )
            #expect(byGuardian.status == .forbidden)
            let shared = try await context.client.send(
                .PATCH, "/api/v1/conversations/\(id)", token: fixtures.teen.token, json: ["sharesHistory": true]
            )
            #expect(shared.status == .ok && shared.json["sharesHistory"] as? Bool == true)
            let all = try await Self.history(context, id, token: fixtures.viewer.token)
            #expect(Self.texts(all) == ["Before you came", "Welcome"])
        }
    }

    @Test func aRemovedPlannerSeesNothingMoreAndADirectConversationIsItsTwoPeoplesAlone() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = fixtures.teen
            let started = try await context.client.post(
                "/api/v1/users/\(teen.id)/conversations", token: teen.token, json: ["withUserId": fixtures.planner.id.uuidString]
            )
            #expect(started.status == .created && started["kind"] == "direct")
            let direct = try #require(started["id"])
            let again = try await context.client.post(
                "/api/v1/users/\(teen.id)/conversations",
                token: fixtures.planner.token,
                json: ["withUserId": teen.id.uuidString]
            )
            #expect(again.status == .ok && again["id"] == direct, "one direct conversation per pair")
            _ = try await Self.send(context, direct, token: teen.token, text: "Only to you")
            #expect(try await Self.history(context, direct, token: fixtures.guardian.token).status == .notFound)
            #expect(try await Self.send(context, direct, token: fixtures.guardian.token, text: "x").status == .notFound)
            let guardianList = try await context.client.get("/api/v1/users/\(teen.id)/conversations", token: fixtures.guardian.token)
            #expect(guardianList.items.count == 1, "the guardian lists the circle's conversation alone")
            let strangerDirect = try await context.client.post(
                "/api/v1/users/\(teen.id)/conversations",
                token: teen.token,
                json: ["withUserId": fixtures.stranger.id.uuidString]
            )
            #expect(strangerDirect.status == .unprocessableEntity)

            let circle = try #require(try await Self.circle(context, of: teen.id, token: teen.token)["id"] as? String)
            let removed = try await context.client.send(
                .DELETE, "/api/v1/users/\(teen.id)/planners/\(fixtures.planner.id)", token: teen.token
            )
            #expect(removed.status == .noContent)
            _ = try await Self.send(context, circle, token: teen.token, text: "After you left")
            for path in ["/api/v1/conversations/\(circle)/messages", "/api/v1/conversations/\(direct)/messages"] {
                #expect(try await context.client.get(path, token: fixtures.planner.token).status == .notFound)
            }
            // The young person still reads the direct conversation, and cannot continue it.
            #expect(Self.texts(try await Self.history(context, direct, token: teen.token)) == ["Only to you"])
            let shown = try await context.client.get("/api/v1/conversations/\(direct)", token: teen.token)
            #expect(shown.json["mayWrite"] as? Bool == false)
            #expect(try await Self.send(context, direct, token: teen.token, text: "Hello?").status == .conflict)
        }
    }

    @Test func viewersReadTheChildsCircleAndWriteWhenTheGuardianAllowsIt() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let circle = try await Self.circle(context, of: fixtures.child.id, token: fixtures.viewer.token)
            let id = try #require(circle["id"] as? String)
            #expect(circle["mayWrite"] as? Bool == false)
            #expect(try await Self.send(context, id, token: fixtures.viewer.token, text: "Hi").status == .forbidden)
            // The child's tablet writes; it does not choose the circle's settings.
            #expect(try await Self.send(context, id, token: fixtures.child.token, text: "Hej").status == .created)
            let byTablet = try await context.client.send(
                .PATCH, "/api/v1/conversations/\(id)", token: fixtures.child.token, json: ["viewersMayWrite": true]
            )
            #expect(byTablet.status == .forbidden)
            let allowed = try await context.client.send(
                .PATCH, "/api/v1/conversations/\(id)", token: fixtures.guardian.token, json: ["viewersMayWrite": true]
            )
            #expect(allowed.status == .ok && allowed.json["viewersMayWrite"] as? Bool == true)
            #expect(try await Self.send(context, id, token: fixtures.viewer.token, text: "Hi").status == .created)
        }
    }

    @Test func editingAndDeletingAreTheSendersAndADeletedMessageLeavesAMarker() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            let sent = try await Self.send(context, id, token: fixtures.teen.token, text: "Footbal on Thursday")
            let message = try #require(sent["id"])
            let path = "/api/v1/conversations/\(id)/messages/\(message)"
            #expect(try await context.client.send(.PATCH, path, token: fixtures.planner.token, json: ["text": "x"]).status == .forbidden)
            let edited = try await context.client.send(.PATCH, path, token: fixtures.teen.token, json: ["text": "Football on Thursday"])
            #expect(edited.status == .ok && edited["text"] == "Football on Thursday" && edited["editedAt"] != nil)
            #expect(try await context.client.send(.DELETE, path, token: fixtures.guardian.token).status == .forbidden)
            #expect(try await context.client.send(.DELETE, path, token: fixtures.teen.token).status == .noContent)
            let seen = try await Self.history(context, id, token: fixtures.planner.token)
            #expect(seen.items.count == 1)
            #expect(seen.items.first?["deleted"] as? Bool == true && seen.items.first?["text"] is NSNull)
            #expect(seen.items.first?["seq"] as? Int == 1)
            let editDeleted = try await context.client.send(.PATCH, path, token: fixtures.teen.token, json: ["text": "again"])
            #expect(editDeleted.status == .conflict)
            // A retried send of the deleted message answers the deleted message, never a new one.
            let retried = try await Self.send(context, id, token: fixtures.teen.token, text: "Footbal on Thursday", key: sent["clientKey"]!)
            #expect(retried.status == .ok && retried["id"] == message && retried.json["deleted"] as? Bool == true)
        }
    }

    @Test func readReceiptsOnlyMoveForwardAndUnreadCountsFollowThem() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            for text in ["one", "two", "three"] { _ = try await Self.send(context, id, token: fixtures.planner.token, text: text) }
            _ = try await Self.send(context, id, token: fixtures.teen.token, text: "mine")
            let before = try await context.client.get("/api/v1/conversations/\(id)", token: fixtures.teen.token)
            #expect(before.json["unreadCount"] as? Int == 3, "one's own messages are not unread")
            let read = try await context.client.send(.PUT, "/api/v1/conversations/\(id)/read", token: fixtures.teen.token, json: ["seq": 2])
            #expect(read.status == .ok && read.json["lastReadSeq"] as? Int == 2 && read.json["unreadCount"] as? Int == 1)
            let back = try await context.client.send(.PUT, "/api/v1/conversations/\(id)/read", token: fixtures.teen.token, json: ["seq": 1])
            #expect(back.json["lastReadSeq"] as? Int == 2, "a receipt never goes back")
            let beyond = try await context.client.send(.PUT, "/api/v1/conversations/\(id)/read", token: fixtures.teen.token, json: ["seq": 5])
            #expect(beyond.status == .unprocessableEntity && beyond.fieldErrors == ["seq"])
            // Sends and receipts check access from the cache, whose conversation row may lag: the
            // newest message can be marked read at once all the same.
            _ = try await Self.send(context, id, token: fixtures.planner.token, text: "five")
            let newest = try await context.client.send(.PUT, "/api/v1/conversations/\(id)/read", token: fixtures.teen.token, json: ["seq": 5])
            #expect(newest.status == .ok && newest.json["lastReadSeq"] as? Int == 5 && newest.json["unreadCount"] as? Int == 0)
            let seenBy = try await context.client.get("/api/v1/conversations/\(id)", token: fixtures.planner.token)
            let teen = (seenBy.json["members"] as? [JSON] ?? []).first { $0["role"] as? String == "user" }
            #expect(teen?["lastReadSeq"] as? Int == 5, "the others see how far the young person has read")
        }
    }

    @Test func historyComesInPagesEitherWay() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            context.app.config.chatMessagesPerMinute = 1_000
            for index in 1...120 {
                #expect(try await Self.send(context, id, token: fixtures.teen.token, text: "m\(index)").status == .created)
            }
            let newest = try await Self.history(context, id, token: fixtures.planner.token)
            #expect(newest.items.count == 50 && newest.items.first?["seq"] as? Int == 71 && newest.items.last?["seq"] as? Int == 120)
            #expect(newest["next"] == "71")
            let older = try await Self.history(context, id, token: fixtures.planner.token, "?before=71&limit=100")
            #expect(older.items.count == 70 && older.items.first?["seq"] as? Int == 1 && older.json["next"] is NSNull)
            let after = try await Self.history(context, id, token: fixtures.planner.token, "?after=100&limit=10")
            #expect(after.items.map { $0["seq"] as? Int ?? 0 } == Array(101...110) && after["next"] == "110")
        }
    }

    @Test func picturesInAConversationAreSeenByItsMembersAloneAndGoWithTheirMessage() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = fixtures.teen
            let direct = try #require(
                try await context.client.post(
                    "/api/v1/users/\(teen.id)/conversations", token: teen.token, json: ["withUserId": fixtures.planner.id.uuidString]
                )["id"]
            )
            let photo = try ImagePipeline.testJPEG(width: 600, height: 400)
            let uploaded = try await context.client.upload("/api/v1/conversations/\(direct)/pictures", token: teen.token, data: photo)
            #expect(uploaded.status == .created)
            let picture = try #require(uploaded["id"])
            #expect(try await context.client.get("/api/v1/pictures/\(picture)?size=thumb", token: fixtures.planner.token).status == .notFound, "not sent yet")
            let sent = try await Self.send(context, direct, token: teen.token, text: "My bag is packed", pictures: [picture])
            #expect(sent.status == .created && (sent.json["pictures"] as? [JSON])?.first?["id"] as? String == picture)
            #expect(try await context.client.get("/api/v1/pictures/\(picture)?size=thumb", token: fixtures.planner.token).status == .ok)
            #expect(try await context.client.get("/api/v1/pictures/\(picture)?size=thumb", token: fixtures.guardian.token).status == .notFound)
            let library = try await context.client.get("/api/v1/users/\(teen.id)/pictures", token: teen.token)
            #expect(library.items.isEmpty, "a chat picture is not in the library")
            let twice = try await Self.send(context, direct, token: teen.token, text: "again", pictures: [picture])
            #expect(twice.status == .unprocessableEntity && twice.fieldErrors == ["pictureIds"])
            let planners = try await Self.send(context, direct, token: fixtures.planner.token, text: "x", pictures: [picture])
            #expect(planners.status == .unprocessableEntity, "nobody sends another's picture")
            let avatar = try await context.client.send(.PUT, "/api/v1/users/\(teen.id)/avatar", token: teen.token, json: ["pictureId": picture])
            #expect(avatar.status == .unprocessableEntity)

            let message = try #require(sent["id"])
            #expect(try await context.client.send(.DELETE, "/api/v1/conversations/\(direct)/messages/\(message)", token: teen.token).status == .noContent)
            #expect(try await context.client.get("/api/v1/pictures/\(picture)?size=thumb", token: teen.token).status == .notFound)

            // A picture added and never sent goes after a day.
            let unsent = try #require(
                try await context.client.upload(
                    "/api/v1/conversations/\(direct)/pictures", token: teen.token, data: try ImagePipeline.testJPEG(width: 300, height: 300)
                )["id"]
            )
            try await ChatFeature.deleteUnsentPictures(context.app, now: context.clock.now)
            #expect(try await context.client.get("/api/v1/pictures/\(unsent)", token: teen.token).status == .ok)
            try await ChatFeature.deleteUnsentPictures(context.app, now: context.clock.now.addingTimeInterval(86_401))
            #expect(try await context.client.get("/api/v1/pictures/\(unsent)", token: teen.token).status == .notFound)
        }
    }

    @Test func badInputIsRefusedByNameAndChangesNothing() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let token = fixtures.teen.token
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: token)["id"] as? String)
            let messages = "/api/v1/conversations/\(id)/messages"
            let cases: [(JSON, String)] = [
                (["clientKey": "k1", "text": String(repeating: "a", count: 4_001)], "text"),
                (["clientKey": "k1", "text": "   "], "text"),
                (["clientKey": "k1"], "text"),
                (["clientKey": "", "text": "hi"], "clientKey"),
                (["clientKey": String(repeating: "k", count: 101), "text": "hi"], "clientKey"),
                (["clientKey": "has space", "text": "hi"], "clientKey"),
                (["clientKey": "k1", "text": "bell \u{7}"], "text"),
                (["clientKey": "k1", "text": "hi", "pictureIds": (0..<5).map { _ in UUID().uuidString }], "pictureIds"),
                (["clientKey": "k1", "text": "hi", "pictureIds": [UUID().uuidString]], "pictureIds"),
                (["clientKey": "k1", "text": "hi", "sender": "someone else"], "sender"),
                (["clientKey": 5, "text": "hi"], "clientKey"),
            ]
            for (body, field) in cases {
                let reply = try await context.client.post(messages, token: token, json: body)
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(field)")
                #expect(reply.fieldErrors == [field], "\(body.keys.sorted())")
            }
            #expect(try await context.client.send(.POST, messages, token: token, raw: "{not json").status == .badRequest)
            #expect(
                try await Self.send(context, id, token: token, text: String(repeating: "å", count: 4_000)).status == .created,
                "4,000 characters are fine"
            )
            for query in ["?after=1&before=5", "?limit=0", "?limit=101", "?after=-1", "?before=x", "?after=99999999999"] {
                let reply = try await Self.history(context, id, token: token, query)
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(query)")
            }
            let shown = try await context.client.get("/api/v1/conversations/\(id)", token: token)
            #expect(shown.json["lastSeq"] as? Int == 1, "nothing but the good message was stored")
            let unknown = "/api/v1/conversations/\(UUID())/messages"
            #expect(try await context.client.get(unknown, token: token).status == .notFound)
        }
    }

    @Test func thirtyMessagesAtOnceOverTheLimitAreRefusedBeyondItWithAClearAnswer() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            context.app.config.chatMessagesPerMinute = 20
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<30 {
                    group.addTask { try await Self.send(context, id, token: fixtures.teen.token, text: "spam \(index)") }
                }
                var all: [Reply] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            #expect(replies.filter { $0.status == .created }.count == 20)
            let refused = replies.filter { $0.status == .tooManyRequests }
            #expect(refused.count == 10 && refused.allSatisfy { $0.isProblem && $0.headers.first(name: .retryAfter) != nil })
            #expect(refused.first?.json["detail"] as? String == "You have sent many messages in a short time. Wait a moment, then send again.")
            // Another person is not slowed by it, and the next minute starts over.
            #expect(try await Self.send(context, id, token: fixtures.planner.token, text: "calm").status == .created)
            context.clock.advance(by: 60)
            #expect(try await Self.send(context, id, token: fixtures.teen.token, text: "later").status == .created)
        }
    }

    @Test func anErasedPlannersMessagesLeaveMarkersAndTheYoungPersonsExportHoldsTheirs() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await Self.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            _ = try await Self.send(context, id, token: fixtures.planner.token, text: "From Paul")
            _ = try await Self.send(context, id, token: fixtures.teen.token, text: "From Tove")
            let mine = try await context.client.get("/api/v1/users/\(fixtures.teen.id)/data/messages", token: fixtures.teen.token)
            #expect(mine.status == .ok)
            let records = mine.json["data"] as? [JSON] ?? []
            #expect(records.map { $0["text"] as? String ?? "" } == ["From Tove"] && records.first?["circleOf"] as? String == "Tove")

            try await Eraser(app: context.app).erase(fixtures.planner.id)
            let seen = try await Self.history(context, id, token: fixtures.teen.token)
            #expect(Self.texts(seen) == ["(deleted)", "From Tove"])
            #expect(seen.items.first?["senderId"] is NSNull && seen.items.first?["senderName"] is NSNull)
            let left = try await ChatMessage.query(on: context.app.db).filter(\.$text == "From Paul").count()
            #expect(left == 0)
        }
    }
}
