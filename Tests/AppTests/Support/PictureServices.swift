import Foundation
import MobilizeCore
import NIOCore
import Vapor

@testable import App

/// Openverse and Wikimedia Commons on this machine, answering in their real formats, with the
/// hostile answers a picture search must survive: HTML and SVG instead of a picture, redirects to
/// loopback and to the cloud metadata address, an answer of 2 GB, a service that is slow.
final class PictureServices: Sendable {
    let server: Application
    let requests = Requests()
    /// Holds the slow service's answers until the services stop: slow on any machine, however busy.
    let gate = Gate()

    actor Gate {
        private(set) var isOpen = false
        func open() { isOpen = true }
    }
    private let portBox = PortBox()
    var port: Int { portBox.port }

    /// What the services were asked, and with which headers.
    actor Requests {
        private(set) var paths: [String] = []
        private(set) var headers: [HTTPHeaders] = []

        func record(_ req: Request) {
            paths.append(req.url.string)
            headers.append(req.headers)
        }

        func count(_ prefix: String) -> Int { paths.filter { $0.hasPrefix(prefix) }.count }
    }

    /// Openverse ids: one picture of each kind.
    static let lunch = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a01"
    static let closed = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a02"
    static let html = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a03"
    static let svg = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a04"
    static let toLoopback = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a05"
    static let toMetadata = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a06"
    static let huge = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a07"
    static let loopbackByName = "1b8f3f6e-6a62-4d3c-9a55-0c1d2e3f4a08"
    /// A Wikimedia Commons page id.
    static let commonsLunch = "4711"

    static func start() async throws -> PictureServices {
        let server = try await Application.make(.testing)
        server.logger.logLevel = .warning
        let services = PictureServices(server: server)
        services.routes()
        services.portBox.set(try await RealtimeTests.serve(server))
        return services
    }

    final class PortBox: @unchecked Sendable {
        private var value = 0
        func set(_ port: Int) { value = port }
        var port: Int { value }
    }

    private init(server: Application) {
        self.server = server
    }

    func stop() async {
        await gate.open()
        await server.server.shutdown()
        try? await server.asyncShutdown()
    }

    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// A search engine for the app under test, asking these services.
    func engine(for app: Application, timeout: Duration = .seconds(30)) -> PictureFinder {
        PictureFinder(
            config: .init(
                providers: [(.openverse, base), (.wikimedia, base)], searchTimeout: timeout,
                downloadTimeout: .seconds(30), downloadMaxBytes: 20 << 20
            ),
            eventLoopGroup: app.eventLoopGroup, pool: app.threadPool, server: app.config.publicURL
        )
    }

    private func routes() {
        let lunchJPEG = try! ImagePipeline.testJPEG(width: 900, height: 600)
        let thumbJPEG = try! ImagePipeline.testJPEG(width: 300, height: 200)
        let requests = requests
        let gate = gate
        let box = portBox
        let here: @Sendable () -> String = { "http://127.0.0.1:\(box.port)" }

        @Sendable func openverse(_ id: String, licence: String = "by-sa", url: String) -> [String: any Sendable] {
            [
                "id": id, "title": "Madpakke med rugbrød", "creator": "Ida Jensen", "creator_url": "https://example.org/ida",
                "url": url, "thumbnail": "\(here())/v1/images/\(id)/thumb/", "license": licence, "license_version": "2.0",
                "license_url": "https://creativecommons.org/licenses/\(licence)/2.0/",
                "foreign_landing_url": "https://www.flickr.com/photos/ida/1", "filetype": "jpg", "mature": false,
                "provider": "flickr", "source": "flickr", "width": 900, "height": 600,
            ]
        }
        // Built when asked: the addresses name the port, known only once the server listens.
        let images: @Sendable () -> [String: [String: any Sendable]] = { [
            Self.lunch: openverse(Self.lunch, url: "\(here())/files/lunch.jpg"),
            Self.closed: openverse(Self.closed, licence: "by-nc", url: "\(here())/files/lunch.jpg"),
            Self.html: openverse(Self.html, url: "\(here())/files/page.html"),
            Self.svg: openverse(Self.svg, url: "\(here())/files/drawing.svg"),
            Self.toLoopback: openverse(Self.toLoopback, url: "\(here())/redirect?to=http://127.0.0.1:1/files/lunch.jpg"),
            Self.toMetadata: openverse(Self.toMetadata, url: "\(here())/redirect?to=http://169.254.169.254/latest/meta-data/"),
            Self.huge: openverse(Self.huge, url: "\(here())/files/huge"),
            Self.loopbackByName: openverse(Self.loopbackByName, url: "http://localhost:\(box.port)/files/lunch.jpg"),
        ] }
        func json(_ value: Any) -> Response {
            let data = try! JSONSerialization.data(withJSONObject: value)
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: data))
        }

        server.get("v1", "images") { req async throws -> Response in
            await requests.record(req)
            let q = (try? req.query.get(String.self, at: "q")) ?? ""
            switch q {
            case "slow":
                while !(await gate.isOpen) { try await Task.sleep(for: .milliseconds(50)) }
                return json(["results": []])
            case "broken":
                return Response(status: .ok, headers: ["Content-Type": "text/html"], body: "<html>Service unavailable</html>")
            case "madpakke":
                return json([
                    "result_count": 2, "page_count": 1, "page_size": 20, "page": 1,
                    "results": [images()[Self.lunch]!, images()[Self.closed]!],
                ])
            default:
                return json(["result_count": 0, "page_count": 0, "page_size": 20, "page": 1, "results": []])
            }
        }
        server.get("v1", "images", ":id") { req async throws -> Response in
            await requests.record(req)
            guard let image = images()[req.parameters.get("id") ?? ""] else {
                return Response(status: .notFound, body: #"{"detail":"Not found."}"#)
            }
            return json(image)
        }
        server.get("v1", "images", ":id", "thumb") { req async throws -> Response in
            await requests.record(req)
            return Response(status: .ok, headers: ["Content-Type": "image/jpeg"], body: .init(data: thumbJPEG))
        }
        server.get("w", "api.php") { req async throws -> Response in
            await requests.record(req)
            func page(_ id: Int, _ licence: String, index: Int) -> [String: any Sendable] {
                let meta: [String: any Sendable] = [
                    "LicenseShortName": ["value": licence, "source": "commons-desc-page"],
                    "Artist": ["value": "<a href=\"//commons.wikimedia.org/wiki/User:Ole\">Ole &amp; Co</a>", "source": "commons-desc-page"],
                    "LicenseUrl": ["value": "https://creativecommons.org/licenses/by/4.0", "source": "commons-desc-page"],
                    "ObjectName": ["value": "Madpakke \(id)", "source": "commons-desc-page"],
                ]
                let info: [String: any Sendable] = [
                    "url": "\(here())/files/lunch.jpg", "thumburl": "\(here())/files/lunch.jpg",
                    "descriptionurl": "https://commons.wikimedia.org/wiki/File:Madpakke_\(id).jpg", "mime": "image/jpeg",
                    "extmetadata": meta,
                ]
                let infos: [any Sendable] = [info]
                return ["pageid": id, "ns": 6, "title": "File:Madpakke \(id).jpg", "index": index, "imageinfo": infos]
            }
            if let ids = try? req.query.get(String.self, at: "pageids") {
                guard ids == Self.commonsLunch else {
                    return json(["batchcomplete": true, "query": ["pages": [["pageid": Int(ids) ?? 0, "missing": true]]]])
                }
                return json(["batchcomplete": true, "query": ["pages": [page(4711, "CC BY 4.0", index: 1)]]])
            }
            let words = (try? req.query.get(String.self, at: "gsrsearch")) ?? ""
            guard words.hasSuffix("madpakke") else { return json(["batchcomplete": true]) }
            return json(["batchcomplete": true, "query": ["pages": [page(4712, "GFDL", index: 2), page(4711, "CC BY 4.0", index: 1)]]])
        }
        server.get("files", "lunch.jpg") { req async throws -> Response in
            await requests.record(req)
            return Response(status: .ok, headers: ["Content-Type": "image/jpeg"], body: .init(data: lunchJPEG))
        }
        server.get("files", "page.html") { req async throws -> Response in
            await requests.record(req)
            return Response(status: .ok, headers: ["Content-Type": "text/html"], body: "<html><script>alert(1)</script></html>")
        }
        server.get("files", "drawing.svg") { req async throws -> Response in
            await requests.record(req)
            return Response(
                status: .ok, headers: ["Content-Type": "image/svg+xml"],
                body: #"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#
            )
        }
        server.get("files", "huge") { req async throws -> Response in
            await requests.record(req)
            // 2 GB announced; a megabyte at a time until the reader hangs up.
            let chunk = ByteBuffer(repeating: 0xff, count: 1 << 20)
            let body = Response.Body(asyncStream: { writer in
                do {
                    for _ in 0..<2048 { try await writer.write(.buffer(chunk)) }
                    try await writer.write(.end)
                } catch {
                    try? await writer.write(.error(error))
                }
            }, count: 2_000_000_000)
            return Response(status: .ok, headers: ["Content-Type": "image/jpeg"], body: body)
        }
        server.get("redirect") { req async throws -> Response in
            await requests.record(req)
            let target = (try? req.query.get(String.self, at: "to")) ?? "/"
            return Response(status: .found, headers: ["Location": target])
        }
    }
}
