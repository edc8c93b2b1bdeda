import Fluent
import Foundation
import MobilizeCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// Pictures from an Internet search, against Openverse and Wikimedia Commons on this machine: off
/// until the server asks a service and the person consents; results, thumbnails and the chosen
/// picture all come through the server, which sends the services nothing of the person; only open
/// licences are offered; hostile answers are refused and store nothing.
@Suite struct PictureSearchTests {
    typealias JSON = [String: any Sendable]

    /// The services' time limit is generous: only the test of a slow service sets a short one.
    static func withServices(_ context: TestContext, timeout: Duration = .seconds(30), _ body: (PictureServices) async throws -> Void)
        async throws
    {
        let services = try await PictureServices.start()
        context.app.pictureFinder = services.engine(for: context.app, timeout: timeout)
        do {
            try await body(services)
        } catch {
            await services.stop()
            throw error
        }
        await services.stop()
    }

    static func consent(_ context: TestContext, _ person: Fixtures.Person, _ value: Bool = true) async throws {
        let reply = try await context.client.send(
            .PATCH, "/api/v1/users/\(person.id)/processing", token: person.token, json: ["pictureSearch": value]
        )
        #expect(reply.status == .ok && reply.json["pictureSearch"] as? Bool == value)
    }

    @Test func aParentSearchesAndChoosesAnOpenPictureThroughTheServer() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let client = context.client
            // Off on a server that asks no service.
            var status = try await client.get("/api/v1/picture-search/status", token: f.guardian.token)
            #expect(status.json["enabled"] as? Bool == false && status.json["consented"] as? Bool == false)
            let off = try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token)
            #expect(off.status == .notFound && off.isProblem)
            try await Self.withServices(context) { services in
                status = try await client.get("/api/v1/picture-search/status", token: f.guardian.token)
                #expect(status.json["enabled"] as? Bool == true)
                #expect(status.json["providers"] as? [String] == ["openverse", "wikimedia"])
                // Nothing leaves the server before the person consents.
                let unasked = try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token)
                #expect(unasked.status == .forbidden && unasked.json["type"] as? String == "/problems/consent-needed")
                #expect(await services.requests.paths.isEmpty)
                try await Self.consent(context, f.guardian)

                let found = try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token)
                #expect(found.status == .ok)
                // Taken in turns from both services; the NonCommercial and the GFDL ones are not offered.
                #expect(found.items.map { $0["id"] as? String } == [PictureServices.lunch, PictureServices.commonsLunch])
                let lunch = try #require(found.items.first)
                #expect(lunch["licence"] as? String == "CC BY-SA 2.0" && lunch["creator"] as? String == "Ida Jensen")
                #expect(found.items[1]["creator"] as? String == "Ole & Co" && found.items[1]["licence"] as? String == "CC BY 4.0")
                #expect(found.items[1]["title"] as? String == "Madpakke 4711")
                #expect(found.json["unavailable"] as? [String] == [])
                // The same words again are answered from the server's memory.
                _ = try await client.get("/api/v1/picture-search?q=Madpakke", token: f.planner.token)
                #expect(await services.requests.count("/v1/images/?") == 1)

                let thumb = try await client.get(try #require(lunch["thumbnail"] as? String), token: f.guardian.token)
                #expect(thumb.status == .ok && thumb.headers.first(name: .contentType) == "image/jpeg", "\(thumb.status) \(String(decoding: thumb.body, as: UTF8.self))")
                #expect(try ImagePipeline.probe(thumb.body).width <= 320)

                let chosen = try await client.post(
                    "/api/v1/users/\(f.child.id)/pictures/from-search", token: f.guardian.token,
                    json: ["provider": "openverse", "id": PictureServices.lunch]
                )
                #expect(chosen.status == .created)
                let attribution = try #require(chosen.json["attribution"] as? JSON)
                #expect(attribution["licence"] as? String == "CC BY-SA 2.0" && attribution["creator"] as? String == "Ida Jensen")
                #expect(attribution["sourceUrl"] as? String == "https://www.flickr.com/photos/ida/1")
                let id = try #require(chosen.json["id"] as? String)
                let info = try await client.get("/api/v1/pictures/\(id)/info", token: f.viewer.token)
                #expect((info.json["attribution"] as? JSON)?["title"] as? String == "Madpakke med rugbrød")
                let commons = try await client.post(
                    "/api/v1/users/\(f.child.id)/pictures/from-search", token: f.guardian.token,
                    json: ["provider": "wikimedia", "id": PictureServices.commonsLunch]
                )
                // The same bytes: the picture already stored, with its first source.
                #expect(commons.status == .ok && commons.json["id"] as? String == id)
                // The attribution is part of the export.
                let exported = try await client.get("/api/v1/users/\(f.child.id)/data/pictures", token: f.guardian.token)
                #expect(String(decoding: exported.body, as: UTF8.self).contains("CC BY-SA 2.0"))

                // The services were told the words and nothing of the person.
                for headers in await services.requests.headers {
                    #expect(headers.first(name: .authorization) == nil && headers.first(name: .cookie) == nil)
                    #expect(headers.first(name: .userAgent) == "Mobilize picture search (+http://127.0.0.1:8080)")
                    #expect(headers.first(name: "X-Forwarded-For") == nil)
                }
                let asked = await services.requests.paths.joined(separator: "\n")
                #expect(!asked.contains(f.guardian.id.uuidString) && !asked.contains(f.child.id.uuidString))
                #expect(!asked.contains("example.org"), "no address")

                // A viewer may not add pictures; a stranger may not add to someone else's.
                try await Self.consent(context, f.viewer)
                let viewer = try await client.post(
                    "/api/v1/users/\(f.child.id)/pictures/from-search", token: f.viewer.token,
                    json: ["provider": "openverse", "id": PictureServices.lunch]
                )
                #expect(viewer.status == .forbidden)
                // For a child under 13 the guardian decides; the child's own device cannot.
                let forChild = try await client.send(
                    .PATCH, "/api/v1/users/\(f.child.id)/processing", token: f.guardian.token, json: ["pictureSearch": true]
                )
                #expect(forChild.status == .ok && forChild.json["pictureSearch"] as? Bool == true)
                let byChild = try await client.send(
                    .PATCH, "/api/v1/users/\(f.child.id)/processing", token: f.child.token, json: ["pictureSearch": false]
                )
                #expect(byChild.status == .forbidden)
                // Withdrawn consent stops it at once.
                try await Self.consent(context, f.guardian, false)
                let withdrawn = try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token)
                #expect(withdrawn.status == .forbidden)
            }
        }
    }

    @Test func hostileAnswersAreRefusedAndStoreNothing() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let client = context.client
            try await Self.withServices(context) { services in
                try await Self.consent(context, f.guardian)
                let before = try await Picture.query(on: context.app.db).count()
                let hostile: [(String, HTTPStatus)] = [
                    (PictureServices.html, .badGateway), (PictureServices.svg, .badGateway),
                    (PictureServices.toLoopback, .badGateway), (PictureServices.toMetadata, .badGateway),
                    (PictureServices.huge, .badGateway), (PictureServices.loopbackByName, .badGateway),
                    (PictureServices.closed, .notFound), ("1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4aff", .notFound),
                ]
                for (id, expected) in hostile {
                    let reply = try await client.post(
                        "/api/v1/users/\(f.child.id)/pictures/from-search", token: f.guardian.token,
                        json: ["provider": "openverse", "id": id]
                    )
                    #expect(reply.status == expected && reply.isProblem, "\(id): \(reply.status)")
                }
                #expect(try await Picture.query(on: context.app.db).count() == before, "nothing stored")
                // The metadata address was never asked; neither was loopback by its name.
                #expect(await services.requests.count("/files/lunch.jpg") == 0)

                // A service that does not answer (it answers only when the test ends) is given up at the limit.
                let patient = context.app.pictureFinder
                context.app.pictureFinder = services.engine(for: context.app, timeout: .seconds(1))
                let slow = try await client.get("/api/v1/picture-search?q=slow&provider=openverse", token: f.guardian.token)
                #expect(slow.status == .gatewayTimeout && slow.json["type"] as? String == "/problems/upstream-timeout")
                context.app.pictureFinder = patient
                let broken = try await client.get("/api/v1/picture-search?q=broken&provider=openverse", token: f.guardian.token)
                #expect(broken.status == .badGateway && broken.json["type"] as? String == "/problems/bad-upstream")
                // One service failing leaves the other's pictures, and says which one failed.
                let half = try await client.get("/api/v1/picture-search?q=broken", token: f.guardian.token)
                #expect(half.status == .ok && half.json["unavailable"] as? [String] == ["openverse"])

                // A service that is down.
                context.app.pictureFinder = PictureFinder(
                    config: .init(
                        providers: [(.openverse, URL(string: "http://127.0.0.1:1")!)], searchTimeout: .seconds(30),
                        downloadTimeout: .seconds(30), downloadMaxBytes: 1 << 20
                    ),
                    eventLoopGroup: context.app.eventLoopGroup, pool: context.app.threadPool, server: context.app.config.publicURL
                )
                let down = try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token)
                #expect(down.status == .badGateway && down.isProblem, "\(down.status)")
                let unknown = try await client.get("/api/v1/picture-search?q=madpakke&provider=wikimedia", token: f.guardian.token)
                #expect(unknown.status == .unprocessableEntity)
                // The archive still answers.
                #expect(try await client.get("/api/v1/pictograms?q=madpakke", token: f.guardian.token).status == .ok)
            }
        }
    }

    @Test func badInputIsAClearProblemAndSearchesAreCountedAtOnce() async throws {
        try await withApp { context in
            let f = try await Fixtures.make(context)
            let client = context.client
            try await Self.withServices(context) { services in
                try await Self.consent(context, f.guardian)
                for (query, field) in [
                    ("q=a", "q"), ("q=\(String(repeating: "a", count: 101))", "q"), ("q=madpakke&page=0", "page"),
                    ("q=madpakke&page=11", "page"), ("q=madpakke&page=x", "page"), ("q=madpakke&provider=google", "provider"),
                    ("q=madpakke&lang=xx", "lang"), ("", "q"),
                ] {
                    let reply = try await client.get("/api/v1/picture-search?\(query)", token: f.guardian.token)
                    #expect(reply.status == .unprocessableEntity && reply.fieldErrors.contains(field), "\(query)")
                }
                for body: JSON in [
                    ["provider": "openverse", "id": "../../etc"], ["provider": "wikimedia", "id": "File:X.jpg"],
                    ["provider": "flickr", "id": "1"], ["provider": "openverse"], ["provider": "openverse", "id": PictureServices.lunch, "url": "http://x"],
                ] {
                    let reply = try await client.post(
                        "/api/v1/users/\(f.child.id)/pictures/from-search", token: f.guardian.token, json: body
                    )
                    #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(body)")
                }
                let thumb = try await client.get("/api/v1/picture-search/openverse/not-an-id/thumb", token: f.guardian.token)
                #expect(thumb.status == .notFound)
                #expect(await services.requests.paths.isEmpty, "bad input asks no service")

                // Thirty searches a minute: 35 at once, and exactly 30 are answered.
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<35 {
                        group.addTask { try await client.get("/api/v1/picture-search?q=madpakke", token: f.guardian.token).status }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == PictureSearchController.searchesPerMinute)
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 35 - PictureSearchController.searchesPerMinute)
            }
        }
    }

    @Test func onlyPublicAddressesAreFetched() async throws {
        try await withApp { context in
            let services = try await PictureServices.start()
            let fetch = SafeFetch(eventLoopGroup: context.app.eventLoopGroup, pool: context.app.threadPool, trusted: [])
            for url in [
                "http://127.0.0.1:\(services.port)/files/lunch.jpg", "http://localhost:\(services.port)/files/lunch.jpg",
                "http://[::1]:\(services.port)/files/lunch.jpg", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/", "http://0.0.0.0:\(services.port)/",
            ] {
                await #expect(throws: SafeFetch.Failure.notPublic, "\(url)") {
                    try await fetch.get(URL(string: url)!, maxBytes: 1 << 20, timeout: .seconds(30), accept: "*/*")
                }
            }
            for url in ["ftp://example.org/x.jpg", "file:///etc/passwd", "http://user:pw@example.org/"] {
                await #expect(throws: SafeFetch.Failure.badURL, "\(url)") {
                    try await fetch.get(URL(string: url)!, maxBytes: 1 << 20, timeout: .seconds(30), accept: "*/*")
                }
            }
            // A trusted host (the operator's configuration) is fetched; a redirect away from it is checked again.
            let trusted = SafeFetch(
                eventLoopGroup: context.app.eventLoopGroup, pool: context.app.threadPool, trusted: ["127.0.0.1:\(services.port)"]
            )
            let answer = try await trusted.get(services.base.appendingPathComponent("files/lunch.jpg"), maxBytes: 1 << 20, timeout: .seconds(30), accept: "image/*")
            #expect(answer.contentType == "image/jpeg" && !answer.data.isEmpty)
            await #expect(throws: SafeFetch.Failure.notPublic) {
                try await trusted.get(
                    URL(string: "\(services.base)/redirect?to=http://localhost:\(services.port)/files/lunch.jpg")!,
                    maxBytes: 1 << 20, timeout: .seconds(30), accept: "image/*"
                )
            }
            await #expect(throws: SafeFetch.Failure.tooLarge) {
                try await trusted.get(services.base.appendingPathComponent("files/huge"), maxBytes: 20 << 20, timeout: .seconds(30), accept: "image/*")
            }
            await services.stop()
        }
    }
}
