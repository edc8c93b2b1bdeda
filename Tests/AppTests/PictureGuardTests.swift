import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// The guard against sensitive pictures (policy 6.2.1): a photo showing a CPR number, an address,
/// a phone number, an email address or a name of the circle is held; its uploader sees where, and
/// blurs or crops it, keeps it anyway or cancels. The text read is never kept.
@Suite struct PictureGuardTests {
    typealias JSON = [String: any Sendable]

    /// A label in each language's layout, with a CPR number, an address and a phone number as
    /// written there.
    static let layouts: [(language: String, text: String)] = [
        ("da", "Ida Hansen\nCPR-nr. 120315-1234\nVestergade 12\n8000 Aarhus C\nTlf. 20 30 40 50"),
        ("nb", "Ola Nordmann\nFødt 010203-4321\nStorgata 5\n0155 Oslo\nTlf. 412 34 567"),
        ("sv", "Anna Svensson\nCPR 150612-1128\nStorgatan 5\n111 22 Stockholm\nTel. 070-123 45 67"),
        ("en", "Jane Smith\nCPR 280299-3310\n10 Downing Street\nLondon SW1A 2AA\nTel. +44 20 7946 0958"),
    ]

    static func photo(_ text: String) throws -> Data {
        try ImagePipeline.testText(text, width: 2000, height: 1500, points: 56)
    }

    /// A busy machine reads slowly: the tests give the reading all the time it needs.
    static func patient(_ context: TestContext) {
        context.app.pictureGuard = PictureGuard(settings: PictureGuardSettings(languages: "dan+nor+swe+eng", timeout: .seconds(120)))
    }

    @Test func theGuardFindsACPRNumberAnAddressAndAPhoneNumberInEachLanguagesLayout() async throws {
        try await withApp { context in
            let guarding = PictureGuard(settings: PictureGuardSettings(languages: "dan+nor+swe+eng", timeout: .seconds(120)))
            var complete: [String] = []
            for layout in Self.layouts {
                let seen = try await guarding.look(at: try Self.photo(layout.text), names: [], on: .singleton)
                let kinds = Set(seen.findings.map(\.kind))
                #expect(seen.complete)
                if kinds.isSuperset(of: [.cpr, .address, .phone]) { complete.append(layout.language) }
            }
            #expect(complete.count >= 3, "found all three in \(complete) of da, nb, sv, en")
            let mail = try await guarding.look(at: try Self.photo("Skriv til Ida på\nida.hansen@example.dk"), names: ["Ida Hansen"], on: .singleton)
            #expect(Set(mail.findings.map(\.kind)) == [.email, .name])
            for harmless in ["Husk madpakke\nog gymnastiktøj", "Fredag kl. 8.15\nsvømning i hallen"] {
                #expect(try await guarding.look(at: try Self.photo(harmless), names: ["Ida Hansen"], on: .singleton).findings.isEmpty, "\(harmless)")
            }
            let noise = try await guarding.look(at: try ImagePipeline.testJPEG(width: 1600, height: 1200), names: ["Ida Hansen"], on: .singleton)
            #expect(noise.findings.isEmpty, "a photo without text passes")
        }
    }

    @Test func readingsAtOnceShareTheGuardsEnginesInsteadOfLoadingMore() async throws {
        // Its own languages, so that no other test's readings share its engines.
        let guarding = PictureGuard(settings: PictureGuardSettings(languages: "swe", timeout: .seconds(120)), engines: 1)
        let photo = try Self.photo("Husk madpakke")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { _ = try await guarding.look(at: photo, names: [], on: .singleton) } }
            try await group.waitForAll()
        }
        #expect(guarding.reader.engines == 1, "three readings at once, one engine")
        #expect(PictureGuard.engines(cores: 2) == 1 && PictureGuard.engines(cores: 16) == 2)
    }

    @Test func aHeldPhotoIsBlurredWhereTheGuardSawTheNumberAndTheTextIsNeverKept() async throws {
        try await withApp { context in
            Self.patient(context)
            let f = try await Fixtures.make(context)
            let client = context.client
            let before = PicturesTests.mediaFiles(context).count
            let held = try await client.upload("/api/v1/users/\(f.child.id)/pictures", token: f.guardian.token, data: try Self.photo(Self.layouts[0].text))
            #expect(held.status == .accepted)
            let kinds = Set(((held.json["findings"] as? [JSON]) ?? []).compactMap { $0["kind"] as? String })
            #expect(kinds.isSuperset(of: ["cpr", "address", "phone", "name"]), "Ida is the child's name: \(kinds)")
            #expect(!String(decoding: held.body, as: UTF8.self).contains("120315"), "the answer holds no text")
            let hold = try #require(held["id"])
            #expect(held.json["width"] as? Int == 2000 && held.json["height"] as? Int == 1500)
            // Only the uploader sees it; it is not in the library.
            for (token, status) in [(f.guardian.token, 200), (f.planner.token, 404), (f.child.token, 404), (f.stranger.token, 404)] as [(String, UInt)] {
                #expect(try await client.get("/api/v1/picture-holds/\(hold)", token: token).status.code == status)
            }
            #expect(try await client.get("/api/v1/users/\(f.child.id)/pictures", token: f.guardian.token).items.isEmpty)
            let shown = try await client.get("/api/v1/picture-holds/\(hold)/picture?size=display", token: f.guardian.token)
            #expect(shown.status == .ok && shown.headers.first(name: .cacheControl) == "private, no-store")
            let row = try #require(try await PictureHold.find(UUID(uuidString: hold), on: context.app.db))
            #expect(!row.findingsJSON.contains("120315") && !row.findingsJSON.contains("Vestergade"))
            let data = try await client.get("/api/v1/users/\(f.child.id)/data/held-pictures", token: f.guardian.token)
            let listed = String(decoding: data.body, as: UTF8.self)
            #expect(data.status == .ok && listed.contains("\"cpr\"") && !listed.contains("120315"), "the child's data lists the hold")

            let blurred = try await client.post("/api/v1/picture-holds/\(hold)/blur", token: f.guardian.token, json: [:])
            #expect(blurred.status == .created)
            let picture = try #require(blurred["id"])
            let original = try await client.get("/api/v1/pictures/\(picture)?size=original", token: f.guardian.token)
            let after = try await context.app.pictureGuard!.look(at: original.body, names: ["Ida Hansen"], on: .singleton)
            #expect(Set(after.findings.map(\.kind)).isDisjoint(with: [.cpr, .address, .phone]), "the blur leaves nothing to read")
            #expect(try await client.get("/api/v1/picture-holds/\(hold)", token: f.guardian.token).status == .notFound)
            #expect(PicturesTests.mediaFiles(context).count == before + 3, "the held sizes are gone, the blurred ones kept")
            #expect(try await PictureHold.query(on: context.app.db).count() == 0)
        }
    }

    @Test func aHeldPhotoIsCroppedKeptOrCancelledAndBadChoicesChangeNothing() async throws {
        try await withApp { context in
            Self.patient(context)
            let f = try await Fixtures.make(context)
            let client = context.client
            let path = "/api/v1/users/\(f.child.id)/pictures"
            let first = try await client.upload(path, token: f.guardian.token, data: try Self.photo(Self.layouts[3].text))
            #expect(first.status == .accepted)
            let hold = try #require(first["id"])
            for (body, field) in [
                (["x": 1900, "y": 0, "width": 200, "height": 100], "width"), (["x": 0, "y": 0, "width": 5, "height": 5], "width"),
                (["x": -1, "y": 0, "width": 100, "height": 100], "width"),
            ] as [([String: Int], String)] {
                let bad = try await client.post("/api/v1/picture-holds/\(hold)/crop", token: f.guardian.token, json: body)
                #expect(bad.status == .unprocessableEntity && bad.fieldErrors == [field], "\(body)")
            }
            let box: JSON = ["x": 0, "y": 0, "width": 10, "height": 10]
            for (body, field) in [
                (["areas": [JSON]()] as JSON, "areas"), (["areas": Array(repeating: box, count: 51)], "areas"),
                (["areas": [["x": 1990, "y": 0, "width": 20, "height": 10] as JSON]], "areas[0]"), (["colour": "red"], "colour"),
            ] {
                let bad = try await client.post("/api/v1/picture-holds/\(hold)/blur", token: f.guardian.token, json: body)
                #expect(bad.status == .unprocessableEntity && bad.isProblem && bad.fieldErrors == [field], "\(body)")
            }
            #expect(try await client.post("/api/v1/picture-holds/\(hold)/keep", token: f.planner.token, json: [:]).status == .notFound)
            #expect(try await PictureHold.query(on: context.app.db).count() == 1, "bad choices change nothing")
            let cropped = try await client.post(
                "/api/v1/picture-holds/\(hold)/crop", token: f.guardian.token, json: ["x": 1000, "y": 1000, "width": 800, "height": 400]
            )
            #expect(cropped.status == .created && cropped.json["width"] as? Int == 800 && cropped.json["height"] as? Int == 400)

            // Kept as it is: the sizes made at the upload become the picture.
            let second = try await client.upload(path, token: f.guardian.token, data: try Self.photo(Self.layouts[2].text))
            let kept = try await client.post("/api/v1/picture-holds/\(second["id"] ?? "")/keep", token: f.guardian.token)
            #expect(kept.status == .created && kept.json["width"] as? Int == 2000)
            #expect(try await client.get(path, token: f.guardian.token).items.count == 2)

            // Cancelled: nothing of it stays.
            let files = PicturesTests.mediaFiles(context).count
            let third = try await client.upload(path, token: f.guardian.token, data: try Self.photo(Self.layouts[1].text))
            #expect(third.status == .accepted && PicturesTests.mediaFiles(context).count == files + 3)
            #expect(try await client.send(.DELETE, "/api/v1/picture-holds/\(third["id"] ?? "")", token: f.guardian.token).status == .noContent)
            #expect(PicturesTests.mediaFiles(context).count == files)

            // Left alone, a hold ends after an hour.
            let fourth = try await client.upload(path, token: f.guardian.token, data: try Self.photo(Self.layouts[1].text))
            context.clock.advance(by: PictureHold.lifetime + 1)
            #expect(try await client.get("/api/v1/picture-holds/\(fourth["id"] ?? "")", token: f.guardian.token).status == .notFound)
            try await PictureService.releaseExpiredHolds(context.app, now: context.clock.now)
            #expect(try await PictureHold.query(on: context.app.db).count() == 0 && PicturesTests.mediaFiles(context).count == files)
        }
    }

    @Test func anUploaderHasAtMostTenHeldPhotosEvenWhenTwelveArriveAtOnce() async throws {
        try await withApp { context in
            Self.patient(context)
            let f = try await Fixtures.make(context)
            let photos = try (0..<12).map { try ImagePipeline.testText("Ring \($0 + 10) 20 30 40", width: 900, height: 400, points: 48) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for photo in photos {
                    group.addTask {
                        let held = try await context.client.upload("/api/v1/users/\(f.child.id)/pictures", token: f.guardian.token, data: photo)
                        #expect(held.status == .accepted)
                    }
                }
                try await group.waitForAll()
            }
            let waiting = try await PictureHold.query(on: context.app.db).filter(\.$uploadedBy.$id == f.guardian.id).count()
            #expect(waiting == PictureService.maxHolds)
        }
    }

    @Test func aChatPhotoIsHeldToAndKeptInItsConversation() async throws {
        try await withApp { context in
            Self.patient(context)
            let f = try await Fixtures.make(context)
            let teen = f.teen
            let direct = try #require(
                try await context.client.post(
                    "/api/v1/users/\(teen.id)/conversations", token: teen.token, json: ["withUserId": f.planner.id.uuidString]
                )["id"]
            )
            let held = try await context.client.upload(
                "/api/v1/conversations/\(direct)/pictures", token: teen.token, data: try Self.photo("Min mail:\ntove@example.dk")
            )
            #expect(held.status == .accepted)
            let kept = try await context.client.post("/api/v1/picture-holds/\(held["id"] ?? "")/blur", token: teen.token, json: [:])
            #expect(kept.status == .created)
            let picture = try #require(kept["id"])
            #expect(try await context.client.get("/api/v1/users/\(teen.id)/pictures", token: teen.token).items.isEmpty, "not in the library")
            let sent = try await ChatTests.send(context, direct, token: teen.token, text: "here", pictures: [picture])
            #expect(sent.status == .created)
            #expect(try await context.client.get("/api/v1/pictures/\(picture)?size=thumb", token: f.planner.token).status == .ok)
        }
    }
}
