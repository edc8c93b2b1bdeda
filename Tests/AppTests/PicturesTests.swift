import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
import ZIPFoundation

@testable import App

/// Pictures (policy 6.2): seen only by the user and their planners, never with the family's GPS.
@Suite struct PicturesTests {
    static func mediaFiles(_ context: TestContext) -> [String] {
        let root = context.app.config.dataDirectory + "/media"
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.split(separator: "/").count == 3 }
    }

    @Test(
        .enabled(
            if: ImagePipelineTests.exiftool != nil
                || ProcessInfo.processInfo.environment["MOBILIZE_REQUIRE_SERVICES"] == "1"
        )
    )
    func anUploadedPhoneJPEGComesBackFromEverySizeWithoutGPS() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let photo = try ImagePipelineTests.phonePhoto(width: 3000, height: 2000)
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.planner.token,
                data: photo
            )
            #expect(uploaded.status == .created)
            let id = try #require(uploaded["id"])
            #expect(uploaded.json["width"] as? Int == 2000, "upright")
            for (size, longest) in [("thumb", 256), ("display", 1280), ("original", 3000)] {
                let served = try await context.client.get(
                    "/api/v1/pictures/\(id)?size=\(size)",
                    token: fixtures.child.token
                )
                #expect(served.status == .ok)
                #expect(served.headers.contentType?.description == "image/jpeg")
                #expect(served.headers.first(name: .cacheControl)?.hasPrefix("private") == true)
                #expect(served.headers.first(name: .xContentTypeOptions) == "nosniff")
                let header = try ImagePipeline.probe(served.body)
                #expect(max(header.width, header.height) == longest, "\(size)")
                let tags = try ImagePipelineTests.tags(of: served.body)
                #expect(!tags.contains("GPS") && !tags.contains("EXIF"), "\(size) has no EXIF or GPS")
            }
            let again = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: photo
            )
            #expect(again.status == .ok && again["id"] == id, "the same photo twice is stored once")
            let another = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 300, height: 200)
            )
            #expect(another.status == .created, "a second picture counts against the quota")
            let list = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.viewer.token
            )
            #expect(list.items.count == 2)
        }
    }

    @Test func aDeviceKeepsAPictureByItsETag() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 400, height: 300)
            )
            let path = "/api/v1/pictures/\(uploaded["id"] ?? "")?size=thumb"
            let first = try await context.client.get(path, token: fixtures.child.token)
            let etag = try #require(first.headers.first(name: .eTag))
            let second = try await context.client.send(
                .GET,
                path,
                token: fixtures.child.token,
                headers: [("If-None-Match", etag)]
            )
            #expect(second.status == .notModified)
            #expect(second.body.isEmpty)
        }
    }

    @Test func onlyTheUserAndTheirPlannersSeeAPictureAndARemovedPlannerAtOnceNoMore() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let uploaded = try await client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 300, height: 300)
            )
            let path = "/api/v1/pictures/\(uploaded["id"] ?? "")?size=thumb"
            for (token, status) in [
                (fixtures.child.token, 200), (fixtures.guardian.token, 200), (fixtures.planner.token, 200),
                (fixtures.viewer.token, 200), (fixtures.stranger.token, 404), (fixtures.teen.token, 404),
                (fixtures.schoolAdmin.token, 404),
            ] as [(String, UInt)] {
                #expect(try await client.get(path, token: token).status.code == status)
            }
            #expect(try await client.get(path).status == .unauthorized)
            _ = try await client.send(
                .DELETE,
                "/api/v1/users/\(fixtures.child.id)/planners/\(fixtures.planner.id)",
                token: fixtures.guardian.token
            )
            #expect(try await client.get(path, token: fixtures.planner.token).status == .notFound)
        }
    }

    @Test(arguments: [
        (
            "svg", Data(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8), "file", "image/svg+xml",
            UInt(415)
        ),
        ("text", Data("not a picture at all".utf8), "file", "image/jpeg", 415),
        ("empty", Data(), "file", "image/jpeg", 422),
        ("wrong field", Data("x".utf8), "photo", "image/jpeg", 422),
    ])
    func hostileFilesAreRefusedAndLeaveNothingBehind(
        name: String,
        data: Data,
        field: String,
        type: String,
        status: UInt
    ) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: data,
                field: field,
                filename: "picture.jpg",
                contentType: type
            )
            #expect(reply.status.code == status, "\(name)")
            #expect(reply.isProblem)
            #expect(try await Picture.query(on: context.app.db).count() == 0)
            #expect(Self.mediaFiles(context).isEmpty)
        }
    }

    @Test(arguments: [
        "--b\r\n.\u{B6}\u{53BC1}\u{9C}\u{A9}4\u{B5}9\u{A9}\u{1D}--b--\r\n",  // header bytes beyond ASCII
        "--b\r\nFalse--b--\r\n",
        "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno closing boundary",
        "no boundary at all",
    ])
    func malformedMultipartBodiesAreRefusedAndLeaveNothingBehind(body: String) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.send(
                .POST,
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                raw: body,
                headers: [("Content-Type", "multipart/form-data; boundary=b")]
            )
            #expect(reply.status == .badRequest)
            #expect(reply.isProblem)
            #expect(try await Picture.query(on: context.app.db).count() == 0)
            #expect(Self.mediaFiles(context).isEmpty)
            // The server is still there.
            #expect(try await context.client.get("/healthz").status == .ok)
        }
    }

    // GIF decodes with an alpha channel, so it is kept as PNG, losslessly.
    @Test(arguments: [("png", "image/png"), ("webp", "image/jpeg"), ("heic", "image/jpeg"), ("gif", "image/png")])
    func everyAcceptedFormatIsStoredReEncoded(format: String, stored: String) async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let upload = try ImagePipeline.testImage(width: 400, height: 300, format: format)
            #expect(try ImagePipeline.probe(upload).format == (format == "heic" ? "heif" : format))
            let reply = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: upload,
                filename: "picture.\(format)",
                contentType: "image/\(format)"
            )
            #expect(reply.status == .created, "\(format): \(String(decoding: reply.body, as: UTF8.self))")
            #expect(reply["contentType"] == stored)
            // A GIF keeps its first frame only: 400 x 300, not the two frames side by side.
            #expect(reply.json["width"] as? Int == 400 && reply.json["height"] as? Int == 300)
            let original = try await context.client.get(
                "/api/v1/pictures/\(reply["id"] ?? "")?size=original",
                token: fixtures.guardian.token
            )
            #expect(original.headers.first(name: .contentType) == stored)
            #expect(original.body != upload, "the upload's own bytes are never served")
        }
    }

    @Test func truncatedAndOversizedPicturesAreRefused() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let path = "/api/v1/users/\(fixtures.child.id)/pictures"
            let photo = try ImagePipeline.testJPEG(width: 800, height: 600)
            let truncated = try await context.client.upload(
                path,
                token: fixtures.guardian.token,
                data: photo.prefix(photo.count / 2)
            )
            #expect(truncated.status == .unprocessableEntity)
            var bomb = try ImagePipeline.testJPEG(width: 64, height: 64)
            let sof = try #require(bomb.indices.first { bomb[$0] == 0xFF && bomb[$0 + 1] == 0xC0 })
            for offset in [5, 7] {
                bomb[sof + offset] = 0x27
                bomb[sof + offset + 1] = 0x10
            }
            let refused = try await context.client.upload(path, token: fixtures.guardian.token, data: bomb)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.fieldErrors == ["file"])
            #expect(try await Picture.query(on: context.app.db).count() == 0)
            #expect(Self.mediaFiles(context).isEmpty)
        }
    }

    @Test func aFullQuotaIsAClearError() async throws {
        try await withApp { context in
            context.app.config.pictureQuotaBytes = 1024
            let fixtures = try await Fixtures.make(context)
            let reply = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 600, height: 600)
            )
            #expect(reply.status == .payloadTooLarge)
            #expect(reply["type"] == "/problems/quota-exceeded")
        }
    }

    @Test func deletingAPictureDeletesEverySizeButNotASharedFile() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let photo = try ImagePipeline.testJPEG(width: 1600, height: 1200)
            let forIda = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: photo
            )
            let forTove = try await context.client.upload(
                "/api/v1/users/\(fixtures.teen.id)/pictures",
                token: fixtures.teen.token,
                data: photo
            )
            #expect(Self.mediaFiles(context).count == 3, "same bytes, stored once")
            #expect(
                try await context.client.send(
                    .DELETE,
                    "/api/v1/pictures/\(forIda["id"] ?? "")",
                    token: fixtures.viewer.token
                ).status == .forbidden
            )
            #expect(
                try await context.client.send(
                    .DELETE,
                    "/api/v1/pictures/\(forIda["id"] ?? "")",
                    token: fixtures.guardian.token
                ).status == .noContent
            )
            #expect(Self.mediaFiles(context).count == 3, "Tove's copy keeps the files")
            #expect(
                try await context.client.get(
                    "/api/v1/pictures/\(forTove["id"] ?? "")?size=thumb",
                    token: fixtures.teen.token
                ).status == .ok
            )
            _ = try await context.client.send(
                .DELETE,
                "/api/v1/pictures/\(forTove["id"] ?? "")",
                token: fixtures.teen.token
            )
            #expect(Self.mediaFiles(context).isEmpty)
        }
    }

    @Test func anAvatarIsSeenByTheCircleAndGoesWithItsPicture() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 640, height: 480)
            )
            let picture = try #require(uploaded["id"])
            let path = "/api/v1/users/\(fixtures.child.id)/avatar"
            let set = try await context.client.send(
                .PUT,
                path,
                token: fixtures.planner.token,
                json: ["pictureId": picture]
            )
            #expect(set.status == .ok)
            let avatar = try #require(set["avatar"])
            #expect(avatar == "/api/v1/pictures/\(picture)?size=thumb")
            let seen = try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.viewer.token)
            #expect(seen["avatar"] == avatar)
            #expect(try await context.client.get(avatar, token: fixtures.viewer.token).status == .ok)
            #expect(try await context.client.get(avatar, token: fixtures.stranger.token).status == .notFound)

            // Only the user's own pictures, one kind at a time, and not by a viewer.
            let teens = try await context.client.upload(
                "/api/v1/users/\(fixtures.teen.id)/pictures",
                token: fixtures.teen.token,
                data: try ImagePipeline.testJPEG(width: 64, height: 64)
            )
            for body: [String: any Sendable] in [
                ["pictureId": teens["id"] ?? ""], [:], ["pictureId": picture, "pictogramId": picture],
                ["pictogramId": UUID().uuidString],
            ] {
                let refused = try await context.client.send(.PUT, path, token: fixtures.guardian.token, json: body)
                #expect(refused.status == .unprocessableEntity, "\(body)")
            }
            let byViewer = try await context.client.send(
                .PUT,
                path,
                token: fixtures.viewer.token,
                json: ["pictureId": picture]
            )
            #expect(byViewer.status == .forbidden)
            #expect(
                try await context.client.get("/api/v1/users/\(fixtures.child.id)", token: fixtures.guardian.token)[
                    "avatar"
                ] == avatar
            )

            // Deleting the picture clears the avatar.
            _ = try await context.client.send(.DELETE, "/api/v1/pictures/\(picture)", token: fixtures.guardian.token)
            let after = try await context.client.get(
                "/api/v1/users/\(fixtures.child.id)",
                token: fixtures.guardian.token
            )
            #expect(after.json["avatar"] is NSNull)
        }
    }

    @Test func theExportHoldsThePicturesThemselves() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 300, height: 200)
            )
            let id = try #require(uploaded["id"]).lowercased()
            let picture = try #require(try await Picture.find(UUID(uuidString: id), on: context.app.db))
            let child = try #require(try await User.find(fixtures.child.id, on: context.app.db))
            let directory = URL(fileURLWithPath: context.app.config.dataDirectory)
            let zip = directory.appendingPathComponent("export-test.zip")
            _ = try await ExportBuilder(
                db: context.app.db, media: context.app.media, directory: directory, registry: context.app.personalData
            )
                .build(for: child, to: zip)
            let archive = try Archive(url: zip, accessMode: .read)
            let entry = try #require(archive["pictures/\(id).jpg"])
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            #expect(bytes == (try await context.app.media.get(picture.originalKey)))
            #expect(archive["pictures.json"] != nil)
        }
    }

    /// The store for several instances: picture files as rows of the database, on SQLite and
    /// PostgreSQL alike, with the same upload, serving, deletion and erasure.
    @Test func theDatabaseMediaStoreKeepsServesAndErasesPictures() async throws {
        try await withApp { context in
            context.app.config.mediaStore = .database
            let app = context.app
            app.media = DatabaseMediaStore(database: { app.db })
            let fixtures = try await Fixtures.make(context)
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 1600, height: 1200)
            )
            #expect(uploaded.status == .created)
            #expect(Self.mediaFiles(context).isEmpty, "nothing on disk")
            let blobs = {
                try await (app.db as! any SQLDatabase).select().column(
                    SQLFunction("COUNT", args: SQLLiteral.all),
                    as: "n"
                ).from("media_blobs").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(try await blobs() == 3)
            let thumb = try await context.client.get(
                "/api/v1/pictures/\(uploaded["id"] ?? "")?size=thumb",
                token: fixtures.planner.token
            )
            #expect(thumb.status == .ok && thumb.body.starts(with: [0xFF, 0xD8]))
            // The same bytes again are one row.
            _ = try await context.client.upload(
                "/api/v1/users/\(fixtures.teen.id)/pictures",
                token: fixtures.teen.token,
                data: try ImagePipeline.testJPEG(width: 100, height: 100)
            )
            #expect(try await blobs() == 4, "a picture smaller than every size is one file")
            try await Eraser(app: app).erase(
                fixtures.child.id
            )
            #expect(try await blobs() == 1)
            #expect(try await Picture.query(on: app.db).count() == 1)
        }
    }
}
