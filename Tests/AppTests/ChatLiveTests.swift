import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOEmbedded
import Testing
import VaporTesting

@testable import App

/// Chat on the realtime socket: a client that catches up gets every message it missed, in order,
/// once, and each new one after that once, whatever arrives meanwhile; a removed planner hears
/// nothing more; a stalled client is let go without slowing the others.
@Suite struct ChatLiveTests {
    typealias Listener = RealtimeTests.Listener

    /// The sequence numbers of the message frames a socket received, in order.
    static func seqs(_ listener: Listener, in conversation: String) -> [Int] {
        listener.messages.compactMap { text -> Int? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                object["type"] as? String == "message",
                let message = object["message"] as? [String: Any],
                message["conversationId"] as? String == conversation
            else { return nil }
            return message["seq"] as? Int
        }
    }

    /// Serves the app on a port, with the PostgreSQL notices heard as between instances.
    static func live(_ context: TestContext, _ body: (Int) async throws -> Void) async throws {
        let app = context.app
        let listener = try TestDatabase.postgresURL.map {
            NoticeListener(configuration: try SQLPostgresConfiguration(url: $0).coreConfiguration, channels: Composition.noticeChannels)
        }
        if let listener {
            listener.start(app)
            for _ in 0..<400 where !listener.loop.isListening(to: ChatHub.channel) { try await Task.sleep(for: .milliseconds(25)) }
            #expect(listener.loop.isListening(to: ChatHub.channel))
        }
        let port = try await RealtimeTests.serve(app)
        do {
            try await body(port)
        } catch {
            await RealtimeTests.stop(app)
            await listener?.shutdownAsync(app)
            throw error
        }
        await RealtimeTests.stop(app)
        await listener?.shutdownAsync(app)
    }

    static func catchUp(_ listener: Listener, _ conversations: [String: Int]) async throws {
        let frame = ChatFrames.object(["type": "catchUp", "conversations": conversations])
        try await #require(listener.socket).send(frame)
    }

    /// A new message travels between instances inside the notice when it fits, with its exact
    /// time (a planner's first readable moment is compared with it); a long one is read again.
    @Test func aNoticeCarriesASmallMessageExactlyAndALongOneByItsNumber() throws {
        let conversation = UUID()
        let sentAt = Date(timeIntervalSince1970: 1_796_000_000.123456)
        func message(_ text: String) -> MessageDTO {
            MessageDTO(
                id: UUID(), conversationId: conversation, seq: 7, senderId: UUID(), senderName: "Mette", text: text,
                pictures: [.init(id: UUID(), width: 640, height: 480)], sentAt: sentAt, editedAt: nil, deleted: false,
                clientKey: "k-1"
            )
        }
        let news = ChatHub.News.message(conversation: conversation, seq: 7)
        let small = try #require(ChatHubNotice(payload: ChatHubNotice(news: news, message: message("Pakket taske ✓")).payload))
        #expect(small.news == news)
        #expect(small.message?.text == "Pakket taske ✓")
        #expect(small.message?.sentAt == sentAt)
        #expect(small.message?.clientKey == "k-1")
        #expect(small.message?.pictures.first?.width == 640)

        let long = ChatHubNotice(news: news, message: message(String(repeating: "æ", count: 4_000))).payload
        #expect(long.utf8.count < 8_000, "a PostgreSQL notice holds under 8,000 bytes")
        let read = try #require(ChatHubNotice(payload: long))
        #expect(read.news == news && read.message == nil)
        #expect(ChatHubNotice(payload: "m:not-a-uuid:7") == nil)
    }

    @Test func aClientThatReconnectsGetsExactlyWhatItMissedInOrderAndEachNewMessageOnce() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            context.app.config.chatMessagesPerMinute = 1_000
            let id = try #require(try await ChatTests.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            for text in ["one", "two", "three"] { _ = try await ChatTests.send(context, id, token: fixtures.teen.token, text: text) }
            try await Self.live(context) { port in
                let first = try await Listener.open(port, token: fixtures.planner.token, on: context.app)
                try await Self.catchUp(first, [id: 1])
                #expect(try await first.wait { $0.contains(ChatFrames.caughtUp) })
                #expect(Self.seqs(first, in: id) == [2, 3])
                _ = try await ChatTests.send(context, id, token: fixtures.teen.token, text: "four")
                #expect(try await first.wait { _ in Self.seqs(first, in: id).last == 4 })
                try await first.socket?.close()

                for text in ["five", "six"] { _ = try await ChatTests.send(context, id, token: fixtures.teen.token, text: text) }
                let second = try await Listener.open(port, token: fixtures.planner.token, on: context.app)
                // Thirty more arrive while the client catches up: none is lost or doubled.
                try await Self.catchUp(second, [id: 4])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<30 {
                        group.addTask {
                            let token = index % 2 == 0 ? fixtures.teen.token : fixtures.guardian.token
                            _ = try await ChatTests.send(context, id, token: token, text: "more \(index)")
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await second.wait(seconds: 30) { _ in Self.seqs(second, in: id).last == 36 })
                #expect(Self.seqs(second, in: id) == Array(5...36), "in order, no gap, no duplicate")
                #expect(Self.seqs(first, in: id) == [2, 3, 4])
                let frame = try #require(second.messages.first { $0.contains(#""seq":5"#) })
                #expect(frame.contains(#""text":"five""#) && frame.contains(#""senderName":"Tove""#))

                // Edits and receipts travel too.
                let last = try await ChatTests.history(context, id, token: fixtures.teen.token, "?limit=1")
                let lastID = try #require(last.items.first?["id"] as? String)
                let sixth = try await ChatTests.history(context, id, token: fixtures.teen.token, "?after=5&limit=1")
                let sixthID = try #require(sixth.items.first?["id"] as? String)
                _ = try await context.client.send(
                    .PATCH, "/api/v1/conversations/\(id)/messages/\(sixthID)", token: fixtures.teen.token, json: ["text": "six!"]
                )
                #expect(try await second.wait { $0.contains { $0.contains("messageChanged") && $0.contains("six!") } })
                _ = try await context.client.send(.PUT, "/api/v1/conversations/\(id)/read", token: fixtures.teen.token, json: ["seq": 36])
                #expect(try await second.wait { $0.contains { $0.contains(#""type":"read""#) && $0.contains(#""seq":36"#) } })
                #expect(!lastID.isEmpty)
            }
        }
    }

    @Test func aRemovedPlannerHearsNothingMoreAndOnlyTheTwoHearADirectConversation() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let teen = fixtures.teen
            let circle = try #require(try await ChatTests.circle(context, of: teen.id, token: teen.token)["id"] as? String)
            let direct = try #require(
                try await context.client.post(
                    "/api/v1/users/\(teen.id)/conversations", token: teen.token, json: ["withUserId": fixtures.guardian.id.uuidString]
                )["id"]
            )
            try await Self.live(context) { port in
                let planner = try await Listener.open(port, token: fixtures.planner.token, on: context.app)
                let guardian = try await Listener.open(port, token: fixtures.guardian.token, on: context.app)
                let stranger = try await Listener.open(port, token: fixtures.stranger.token, on: context.app)
                try await Self.catchUp(planner, [circle: 0, direct: 0])
                try await Self.catchUp(guardian, [circle: 0, direct: 0])
                try await Self.catchUp(stranger, [circle: 0])
                for listener in [planner, guardian, stranger] {
                    #expect(try await listener.wait { $0.contains(ChatFrames.caughtUp) })
                }
                #expect(planner.messages.contains { $0.contains(#""type":"error""#) && $0.contains(direct) }, "not the planner's")
                #expect(stranger.messages.contains { $0.contains(#""type":"error""#) && $0.contains(circle) })

                _ = try await ChatTests.send(context, direct, token: teen.token, text: "Just to you, mum")
                _ = try await ChatTests.send(context, circle, token: teen.token, text: "Hello all")
                #expect(try await guardian.wait { _ in Self.seqs(guardian, in: circle) == [1] && Self.seqs(guardian, in: direct) == [1] })
                #expect(try await planner.wait { _ in Self.seqs(planner, in: circle) == [1] })
                #expect(Self.seqs(planner, in: direct).isEmpty)

                // Typing is told to the others, at most once in two seconds.
                try await #require(guardian.socket).send(ChatFrames.object(["type": "typing", "conversationId": circle]))
                try await #require(guardian.socket).send(ChatFrames.object(["type": "typing", "conversationId": circle]))
                #expect(try await planner.wait { $0.contains { $0.contains(#""type":"typing""#) } })

                let removed = try await context.client.send(
                    .DELETE, "/api/v1/users/\(teen.id)/planners/\(fixtures.planner.id)", token: teen.token
                )
                #expect(removed.status == .noContent)
                _ = try await ChatTests.send(context, circle, token: teen.token, text: "After you left")
                #expect(try await guardian.wait { _ in Self.seqs(guardian, in: circle) == [1, 2] })
                #expect(Self.seqs(planner, in: circle) == [1], "the removed planner hears nothing more")
                #expect(planner.messages.filter { $0.contains(#""type":"typing""#) }.count == 1)
                #expect(!stranger.messages.contains { $0.contains("Hello all") || $0.contains("After you left") })
            }
        }
    }

    /// A client that names a number beyond the newest (stale, or made up) misses nothing to come.
    @Test func aLastSeenNumberBeyondTheNewestHoldsBackNothingToCome() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await ChatTests.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            _ = try await ChatTests.send(context, id, token: fixtures.teen.token, text: "one")
            try await Self.live(context) { port in
                let listener = try await Listener.open(port, token: fixtures.planner.token, on: context.app)
                try await Self.catchUp(listener, [id: 1_000_000])
                #expect(try await listener.wait { $0.contains(ChatFrames.caughtUp) })
                _ = try await ChatTests.send(context, id, token: fixtures.teen.token, text: "two")
                #expect(try await listener.wait { _ in Self.seqs(listener, in: id) == [2] })
            }
        }
    }

    /// Every member's socket is killed in the middle of a burst and opened again, catching up from
    /// the last number it had: what each member got, both sockets together, is every message once
    /// and in order.
    @Test func everyMemberKilledAndReconnectedMidBurstGetsEachMessageOnceInOrder() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            context.app.config.chatMessagesPerMinute = 1_000
            let id = try #require(try await ChatTests.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            let members = [fixtures.teen, fixtures.guardian, fixtures.planner]
            let total = 60
            try await Self.live(context) { port in
                var opened: [Listener] = []
                for member in members {
                    let listener = try await Listener.open(port, token: member.token, on: context.app)
                    try await Self.catchUp(listener, [id: 0])
                    #expect(try await listener.wait { $0.contains(ChatFrames.caughtUp) })
                    opened.append(listener)
                }
                let before = opened
                // The burst: each member sends a third of it, all at once, in two halves; between
                // them every member's socket dies (with what it had, frames perhaps still on the
                // way), and the second half goes out while each opens another and catches up.
                let burst: @Sendable (Range<Int>) async throws -> Void = { range in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, member) in members.enumerated() {
                            group.addTask {
                                for n in range where n % members.count == index {
                                    let sent = try await ChatTests.send(context, id, token: member.token, text: "burst \(n)")
                                    #expect(sent.status == .created)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                try await burst(0..<total / 2)
                let had = before.map { old in Self.seqs(old, in: id) }
                for old in before { try await old.socket?.close() }
                let after = NIOLockedValueBox<[Listener?]>(Array(repeating: nil, count: members.count))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await burst(total / 2..<total) }
                    for (index, member) in members.enumerated() {
                        group.addTask {
                            let again = try await Listener.open(port, token: member.token, on: context.app)
                            try await Self.catchUp(again, [id: had[index].last ?? 0])
                            after.withLockedValue { $0[index] = again }
                        }
                    }
                    try await group.waitForAll()
                }
                for (index, again) in after.withLockedValue({ $0 }).enumerated() {
                    let again = try #require(again)
                    // A bound for a stalled server only: the condition is what is waited for.
                    #expect(try await again.wait(seconds: 120) { _ in (had[index] + Self.seqs(again, in: id)).last == total })
                    #expect(had[index] + Self.seqs(again, in: id) == Array(1...total), "once each, in order, for every member")
                    #expect(had[index].count <= total / 2)
                }
            }
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func aMessageSentThroughOneInstanceReachesASocketOnAnother() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let id = try #require(try await ChatTests.circle(context, of: fixtures.teen.id, token: fixtures.teen.token)["id"] as? String)
            try await Self.live(context) { port in
                let planner = try await Listener.open(port, token: fixtures.planner.token, on: context.app)
                try await Self.catchUp(planner, [id: 0])
                #expect(try await planner.wait { $0.contains(ChatFrames.caughtUp) })
                try await withSecondInstance(of: context) { other in
                    let sent = try await TestClient(app: other).post(
                        "/api/v1/conversations/\(id)/messages",
                        token: fixtures.teen.token,
                        json: ["clientKey": "other-instance", "text": "Through the other door"]
                    )
                    #expect(sent.status == .created)
                    #expect(try await planner.wait { _ in Self.seqs(planner, in: id) == [1] })
                }
            }
        }
    }

    @Test func framesNobodyUnderstandsAreAnsweredWithAnError() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            try await Self.live(context) { port in
                let teen = try await Listener.open(port, token: fixtures.teen.token, on: context.app)
                let socket = try #require(teen.socket)
                for frame in [
                    "not json", #"{"type":"shout"}"#, #"{"type":"catchUp","conversations":{"x":1}}"#,
                    #"{"type":"catchUp","conversations":{"\#(UUID())":-1}}"#, #"{"type":"typing"}"#,
                ] {
                    try await socket.send(frame)
                }
                #expect(try await teen.wait { $0.filter { $0.contains(#""type":"error""#) }.count == 5 })
                #expect(!teen.isClosed)
                let many = Dictionary(uniqueKeysWithValues: (0...ChatLive.maxConversations).map { _ in (UUID().uuidString, 0) })
                try await Self.catchUp(teen, many)
                #expect(try await teen.wait { $0.filter { $0.contains(#""type":"error""#) }.count == 6 })
            }
        }
    }

    @Test func theNextMessageIsWrittenAtOnceAGapGoesToTheTaskAndUnwrittenFramesStillCount() async throws {
        let conversation = UUID()
        let reader = UUID()
        let loop = EmbeddedEventLoop()
        let written = NIOLockedValueBox<[String]>([])
        let pending = NIOLockedValueBox<[EventLoopPromise<Void>]>([])
        let worked = NIOLockedValueBox<[Int]>([])
        let closed = NIOLockedValueBox(false)
        let subscriber = ChatSubscriber(
            userID: reader,
            capacity: 4,
            work: { job, cursors in
                switch job {
                case .catchUp(let asked): cursors.sent = asked
                case .message(_, let seq, _, _):
                    worked.withLockedValue { $0.append(seq) }
                    cursors.sent[conversation] = seq
                default: break
                }
            },
            write: { text in
                let promise = loop.makePromise(of: Void.self)
                written.withLockedValue { $0.append(text) }
                pending.withLockedValue { $0.append(promise) }
                return promise.futureResult
            },
            close: { closed.withLockedValue { $0 = true } }
        )
        func message(_ seq: Int) throws -> ChatSubscriber.Job {
            let dto = MessageDTO(
                id: UUID(), conversationId: conversation, seq: seq, senderId: UUID(), senderName: "Paul",
                text: "m\(seq)", pictures: [], sentAt: Date(), editedAt: nil, deleted: false, clientKey: "k\(seq)"
            )
            return .message(conversation: conversation, seq: seq, readsFrom: nil, prepared: try PreparedMessage(dto))
        }
        func idle() async throws {
            for _ in 0..<2000 where !subscriber.isIdle { try await Task.sleep(for: .milliseconds(5)) }
            #expect(subscriber.isIdle)
        }
        subscriber.enqueue(.catchUp([conversation: 0]))
        try await idle()
        subscriber.enqueue(try message(1))
        subscriber.enqueue(try message(1))
        #expect(written.withLockedValue { $0.count } == 1 && worked.withLockedValue { $0 } == [], "written at once, once")
        #expect(written.withLockedValue { $0[0] }.contains(#""text":"m1""#))
        #expect(!written.withLockedValue { $0[0] }.contains("k1"), "the others' frame carries no key")
        subscriber.enqueue(try message(3))
        try await idle()
        #expect(worked.withLockedValue { $0 } == [3], "a gap is filled by the task")
        for seq in 4...6 { subscriber.enqueue(try message(seq)) }
        #expect(written.withLockedValue { $0.count } == 4 && !closed.withLockedValue { $0 })
        // Four frames not yet out of the socket: the next is one too many.
        subscriber.enqueue(try message(7))
        for _ in 0..<2000 where !closed.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(subscriber.hasOverflowed && closed.withLockedValue { $0 }, "a client that stops reading is let go (4008)")
        for promise in pending.withLockedValue({ $0 }) { promise.succeed() }
    }

    @Test func aStalledClientIsLetGoWhenItsQueueIsFullAndTheOthersGetEverything() async throws {
        let closed = NIOLockedValueBox(false)
        let stalled = ChatSubscriber(
            userID: UUID(),
            capacity: 64,
            work: { _, _ in try await Task.sleep(for: .seconds(3600)) },
            close: { closed.withLockedValue { $0 = true } }
        )
        let sent = NIOLockedValueBox(0)
        let lively = ChatSubscriber(
            userID: UUID(),
            capacity: 64,
            work: { _, _ in sent.withLockedValue { $0 += 1 } },
            close: {}
        )
        for index in 0..<200 {
            stalled.enqueue(.frame("\(index)"))
            lively.enqueue(.frame("\(index)"))
            // The lively one's task keeps up; give it its turn as a socket's writes would.
            if index % 32 == 31 {
                for _ in 0..<1000 where sent.withLockedValue({ $0 }) < index + 1 { try await Task.sleep(for: .milliseconds(2)) }
            }
        }
        for _ in 0..<1000 where !closed.withLockedValue({ $0 }) || sent.withLockedValue({ $0 }) < 200 {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(stalled.hasOverflowed && closed.withLockedValue { $0 }, "the stalled socket is closed (4008)")
        #expect(sent.withLockedValue { $0 } == 200 && !lively.hasOverflowed, "the other got every frame")
        stalled.stop()
        lively.stop()
    }
}
