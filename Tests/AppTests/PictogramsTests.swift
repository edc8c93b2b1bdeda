import Fluent
import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// The pictogram archive: OpenMoji drawings named from CLDR, found by everyday words in five
/// languages, served as PNG; institutions' own collections; a user's own names.
@Suite struct PictogramsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sources = PictogramImporter.Sources(
        openMoji: root.appendingPathComponent(".build/pictograms/openmoji"),
        cldr: URL(fileURLWithPath: "/usr/share/unicode/cldr/common")
    )
    static var sourcesPresent: Bool {
        FileManager.default.fileExists(atPath: sources.openMoji.appendingPathComponent("svg/1FAA5.svg").path)
            && FileManager.default.fileExists(atPath: sources.cldr.appendingPathComponent("annotations/da.xml").path)
    }
    static var required: Bool {
        sourcesPresent || ProcessInfo.processInfo.environment["MOBILIZE_REQUIRE_SERVICES"] == "1"
    }

    /// Toothbrush, tooth, bus, automobile, carrot, cogwheel.
    static let sample: Set<String> = ["1FAA5", "1F9B7", "1F68C", "1F697", "1F955", "2699"]

    static func importSample(_ context: TestContext) async throws -> PictogramImporter.Report {
        try await PictogramImporter(app: context.app, only: sample).run(sources)
    }

    static func codes(_ reply: Reply) -> [String] { reply.items.compactMap { $0["code"] as? String } }

    @Test(.enabled(if: required))
    func theArchiveIsImportedOnceNamedInFiveLanguagesAndServedAsPNG() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let first = try await Self.importSample(context)
            #expect(first.added == Self.sample.count)
            let again = try await Self.importSample(context)
            #expect(again.added == 0 && again.kept == Self.sample.count && again.names == first.names)
            #expect(try await Pictogram.query(on: context.app.db).count() == Self.sample.count)
            let langs = try await PictogramName.query(on: context.app.db).all(\.$lang)
            #expect(Set(langs) == Set(PictogramSearch.languages))

            let token = fixtures.guardian.token
            for (query, lang, code) in [
                ("tandbørste", "da", "1FAA5"), ("TANDBORSTE", "da", "1FAA5"), ("tand", "da", "1F9B7"),
                ("toothbrush", "en", "1FAA5"), ("toothbrush", "da", "1FAA5"), ("tandborste", "sv", "1FAA5"),
                ("zahnbürste", "de", "1FAA5"), ("tannbørste", "nb", "1FAA5"), ("bil", "da", "1F697"),
                ("car", "en", "1F697"), ("bus", "en", "1F68C"),
            ] {
                let reply = try await context.client.get(
                    "/api/v1/pictograms?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&lang=\(lang)",
                    token: token
                )
                #expect(Self.codes(reply).first == code, "\(query) (\(lang)): \(Self.codes(reply))")
            }
            // "tand": the tooth by its exact name, then the toothbrush by a word starting with it.
            let tand = try await context.client.get("/api/v1/pictograms?q=tand&lang=da", token: token)
            #expect(Self.codes(tand).contains("1FAA5"))
            #expect(tand.items.first?["name"] as? String == "tand")

            let found = try #require(tand.items.first?["image"] as? String)
            let image = try await context.client.get(found, token: token)
            #expect(image.status == .ok)
            #expect(image.headers.first(name: .contentType) == "image/png")
            #expect(image.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(!String(decoding: image.body.prefix(512), as: UTF8.self).contains("<svg"))
            let etag = try #require(image.headers.first(name: .eTag))
            let again304 = try await context.client.send(.GET, found, token: token, headers: [("If-None-Match", etag)])
            #expect(again304.status == .notModified)
        }
    }

    /// The archive's keys that have a drawing ("2699-FE0F.svg" is "2699").
    static func drawnKeys() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.openMoji.appendingPathComponent("svg").path)
        return Set(files.filter { $0.hasSuffix(".svg") }.map { CLDRAnnotations.key(hexcode: String($0.dropLast(4))) })
    }

    @Test(.enabled(if: required))
    func everyWordOfTheVocabularyResolvesToADrawingOfTheArchive() throws {
        let drawn = try Self.drawnKeys()
        for entry in PictogramCatalog.vocabulary.entries {
            for (emoji, key) in zip(entry.pictograms, entry.keys) {
                #expect(drawn.contains(key), "\(entry.id): \(emoji) (\(key)) has no drawing")
            }
        }
    }

    /// The tests' 30 everyday words in Danish and in English (chosen apart from the vocabulary,
    /// each with the pictograms that fit it): at least 27 find a fitting one in the first 8.
    @Test(.enabled(if: required))
    func everydayWordsFindAFittingPictogramInTheFirstEight() async throws {
        struct Word: Decodable {
            let word: String
            let accept: [String]
        }
        let url = Self.root.appendingPathComponent("Tests/support/vocabulary_words.json")
        let words = try JSONDecoder().decode([String: [Word]].self, from: Data(contentsOf: url))
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let accepted: [String] = words.values.flatMap { list in
                list.flatMap { word in word.accept.map { CLDRAnnotations.key($0) } }
            }
            let wanted = Set(PictogramCatalog.everyday).union(accepted).intersection(try Self.drawnKeys())
            _ = try await PictogramImporter(app: context.app, only: wanted).run(Self.sources)
            var figures: [String] = []
            for lang in ["da", "en"] {
                var found = 0
                var missed: [String] = []
                for word in words[lang] ?? [] {
                    let q = word.word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    let reply = try await context.client.get(
                        "/api/v1/pictograms?q=\(q)&lang=\(lang)&limit=8",
                        token: fixtures.guardian.token
                    )
                    let fitting = Set(word.accept.map { CLDRAnnotations.key($0) })
                    if Self.codes(reply).contains(where: fitting.contains) { found += 1 } else { missed.append(word.word) }
                }
                figures.append("\(lang): \(found) of \(words[lang]?.count ?? 0)")
                #expect(found >= 27, "\(lang): \(found) of 30 found a fitting pictogram; missed \(missed)")
            }
            print("everyday words with a fitting pictogram in the first 8: \(figures.joined(separator: ", "))")
        }
    }

    @Test(.enabled(if: required))
    func withoutAQueryThePickerOpensOnWhatThePlanUsesThenTheDailyRoutineNeverOnFlags() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let flags: Set<String> = ["1F1E9-1F1F0", "1F1F8-1F1EA", "1F3F4"]
            let wanted = Set(PictogramCatalog.everyday).union(flags).union(Self.sample)
                .intersection(try Self.drawnKeys())
            _ = try await PictogramImporter(app: context.app, only: wanted).run(Self.sources)
            let token = fixtures.guardian.token
            let bus = try #require(
                try await Pictogram.query(on: context.app.db).filter(\.$code == "1F68C").first()?.requireID()
            )
            for start in ["2026-11-19T08:00", "2026-11-20T08:00"] {
                let made = try await context.client.post(
                    "/api/v1/users/\(fixtures.child.id)/activities",
                    token: token,
                    json: ["title": "Bus", "start": start, "pictogramId": bus.uuidString]
                )
                #expect(made.status == .created)
            }
            let opening = try await context.client.get(
                "/api/v1/pictograms?userId=\(fixtures.child.id)&limit=40",
                token: token
            )
            let codes = Self.codes(opening)
            #expect(codes.first == "1F68C", "what the child's plan uses comes first: \(codes)")
            let routine = Set(PictogramCatalog.vocabulary.routine.flatMap(\.keys))
            #expect(codes.dropFirst().prefix(12).allSatisfy(routine.contains), "then the daily routine: \(codes)")
            #expect(codes.allSatisfy { !flags.contains($0) })
            // Page by page every pictogram comes once, the flags last.
            var seen: [String] = []
            var after: String? = nil
            repeat {
                let reply = try await context.client.get(
                    "/api/v1/pictograms?limit=100" + (after.map { "&after=\($0)" } ?? ""),
                    token: token
                )
                #expect(reply.status == .ok)
                seen += Self.codes(reply)
                after = reply.json["next"] as? String
            } while after != nil
            #expect(seen.count == Set(seen).count && Set(seen) == wanted)
        }
    }

    @Test(.enabled(if: required))
    func searchIsPagedWithACursorAndRefusesBadInput() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await Self.importSample(context)
            let token = fixtures.guardian.token
            var seen: [String] = []
            var next: String? = nil
            repeat {
                let page = try await context.client.get(
                    "/api/v1/pictograms?q=t&lang=da&limit=1" + (next.map { "&after=\($0)" } ?? ""),
                    token: token
                )
                #expect(page.status == .ok)
                seen += Self.codes(page)
                next = page["next"]
            } while next != nil
            let whole = try await context.client.get("/api/v1/pictograms?q=t&lang=da&limit=100", token: token)
            #expect(seen == Self.codes(whole) && seen.count >= 2)
            let browse = try await context.client.get("/api/v1/pictograms?limit=100", token: token)
            #expect(Set(Self.codes(browse)) == Self.sample)
            for bad in ["q=\(String(repeating: "a", count: 101))", "lang=fr", "after=nonsense", "limit=0", "userId=x"] {
                let reply = try await context.client.get("/api/v1/pictograms?\(bad)", token: token)
                #expect(reply.status == .unprocessableEntity, "\(bad)")
                #expect(reply.isProblem)
            }
            let unknown = try await context.client.get("/api/v1/pictograms?q=t&after=\(UUID())", token: token)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try await context.client.get("/api/v1/pictograms?q=%25", token: token).items.isEmpty)
        }
    }

    @Test(.enabled(if: required))
    func aUsersOwnNameComesFirstIsTheirsAloneAndGoesWithThem() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await Self.importSample(context)
            let brush = try #require(
                try await Pictogram.query(on: context.app.db).filter(\.$code == "1FAA5").first()?.requireID()
            )
            let named = try await context.client.send(
                .PUT,
                "/api/v1/users/\(fixtures.child.id)/pictograms/\(brush)/name",
                token: fixtures.planner.token,
                json: ["name": "Børstetid"]
            )
            #expect(named.status == .ok)
            #expect(named["name"] == "Børstetid" && named["originalName"] == "toothbrush")
            let mine = "/api/v1/pictograms?q=borstetid&userId=\(fixtures.child.id)"
            #expect(Self.codes(try await context.client.get(mine, token: fixtures.guardian.token)) == ["1FAA5"])
            // The child's own device finds it without naming the user.
            #expect(
                Self.codes(try await context.client.get("/api/v1/pictograms?q=borstetid", token: fixtures.child.token))
                    == ["1FAA5"]
            )
            #expect(
                try await context.client.get("/api/v1/pictograms?q=borstetid", token: fixtures.teen.token).items.isEmpty
            )
            let names = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)/pictogram-names",
                token: fixtures.viewer.token
            )
            #expect(names.items.compactMap { $0["name"] as? String } == ["Børstetid"])
            #expect(
                try await context.client.get(
                    "/api/v1/users/\(fixtures.child.id)/pictogram-names",
                    token: fixtures.stranger.token
                ).status == .notFound
            )
            // The planner's read of the child's names is in the child's access log.
            let log = try await AccessLogEntry.query(on: context.app.db).filter(\.$subject.$id == fixtures.child.id)
                .filter(\.$actor.$id == fixtures.planner.id).count()
            #expect(log >= 1)
            // The dashboard and the export show it; erasure removes it.
            let data = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)/data/pictogram-names",
                token: fixtures.guardian.token
            )
            #expect(String(decoding: data.body, as: UTF8.self).contains("Børstetid"))
            try await Eraser(app: context.app).erase(fixtures.child.id)
            #expect(try await PictogramAlternateName.query(on: context.app.db).count() == 0)
            #expect(try await Pictogram.query(on: context.app.db).count() == Self.sample.count)
        }
    }

    @Test func anInstitutionsCollectionIsSeenByItsStaffItsUsersAndTheirPlannersOnly() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let base = "/api/v1/institutions/\(fixtures.schoolID)/pictogram-collections"
            let created = try await context.client.post(
                base,
                token: fixtures.schoolAdmin.token,
                json: ["name": "Gymnastik"]
            )
            #expect(created.status == .created)
            let collection = try #require(created["id"])
            let added = try await context.client.upload(
                "\(base)/\(collection)/pictograms",
                token: fixtures.schoolAdmin.token,
                data: try ImagePipeline.testJPEG(width: 900, height: 600),
                fields: [("name", "Gymnastiksalen")]
            )
            #expect(added.status == .created)
            let pictogram = try #require(added["id"])
            let inCollection = "/api/v1/pictograms?collectionId=\(collection)"
            #expect(try await context.client.get(inCollection, token: fixtures.schoolStaff.token).items.count == 1)
            #expect(
                try await context.client.get(inCollection, token: fixtures.stranger.token).status
                    == .unprocessableEntity
            )
            let search = "/api/v1/pictograms?q=gymnastiksal"
            #expect(try await context.client.get(search, token: fixtures.schoolStaff.token).items.count == 1)
            #expect(try await context.client.get(search, token: fixtures.guardian.token).items.isEmpty)
            #expect(
                try await context.client.get("/api/v1/pictograms/\(pictogram)", token: fixtures.guardian.token).status
                    == .notFound
            )
            try await ServedUser(
                institutionID: fixtures.schoolID,
                userID: fixtures.child.id,
                addedBy: fixtures.schoolAdmin.id,
                createdAt: context.clock.now
            ).create(on: context.app.db)
            #expect(try await context.client.get(search, token: fixtures.guardian.token).items.count == 1)
            #expect(try await context.client.get(search, token: fixtures.child.token).items.count == 1)
            #expect(try await context.client.get(search, token: fixtures.stranger.token).items.isEmpty)
            let image = try await context.client.get(
                "/api/v1/pictograms/\(pictogram)/image",
                token: fixtures.child.token
            )
            #expect(image.status == .ok && image.headers.first(name: .contentType) == "image/jpeg")

            // Hostile files are refused through the same pipeline, leaving nothing.
            let files = PicturesTests.mediaFiles(context)
            let svg = try await context.client.upload(
                "\(base)/\(collection)/pictograms",
                token: fixtures.schoolAdmin.token,
                data: Data(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8),
                contentType: "image/svg+xml",
                fields: [("name", "Evil")]
            )
            #expect(svg.status == .unsupportedMediaType)
            let unnamed = try await context.client.upload(
                "\(base)/\(collection)/pictograms",
                token: fixtures.schoolAdmin.token,
                data: try ImagePipeline.testJPEG(width: 64, height: 64)
            )
            #expect(unnamed.status == .unprocessableEntity && unnamed.fieldErrors == ["name"])
            #expect(PicturesTests.mediaFiles(context) == files)
            #expect(try await Pictogram.query(on: context.app.db).count() == 1)

            // Deleting the collection deletes its pictograms and their files.
            let deleted = try await context.client.send(
                .DELETE,
                "\(base)/\(collection)",
                token: fixtures.schoolAdmin.token
            )
            #expect(deleted.status == .noContent)
            #expect(try await Pictogram.query(on: context.app.db).count() == 0)
            #expect(PicturesTests.mediaFiles(context).isEmpty)
        }
    }
}
