import Foundation
import MobilizeCore
import Vapor

/// Searching open-licence pictures on the Internet through the server: the browser talks to this
/// server alone (its Content-Security-Policy stays `self`), the services see the server, never the
/// person, and answers are kept a few minutes by their words alone, never by who asked. Every
/// address a service names is fetched through `SafeFetch`.
final class PictureFinder: Sendable {
    let config: AppConfig.PictureSearch
    let fetch: SafeFetch
    /// Answers by provider, page, language and words.
    private let answers = TimedCache<String, [FoundPicture]>(capacity: 300, lifetime: 600)
    /// The pictures of recent answers and details, by provider and id.
    private let found = TimedCache<String, FoundPicture>(capacity: 6000, lifetime: 600)
    /// Thumbnails, re-encoded (a few tens of kilobytes each).
    private let thumbs = TimedCache<String, ImagePipeline.Rendition>(capacity: 600, lifetime: 600)
    /// Requests out at once, from this instance.
    private let outbound = AsyncSemaphore(limit: 8)
    static let answerBytes = 2 << 20
    static let thumbBytes = 4 << 20
    static let thumbPixels = 320

    init(config: AppConfig.PictureSearch, eventLoopGroup: any EventLoopGroup, pool: NIOThreadPool, server: URL) {
        self.config = config
        fetch = SafeFetch(
            eventLoopGroup: eventLoopGroup, pool: pool,
            trusted: Set(config.providers.compactMap { SafeFetch.key(of: $0.base) }),
            userAgent: "Mobilize picture search (+\(server.absoluteString))"
        )
    }

    var providers: [PictureProviderName] { config.providers.map(\.name) }

    func base(_ provider: PictureProviderName) throws -> URL {
        guard let base = config.providers.first(where: { $0.name == provider })?.base else {
            throw Problem.invalid("provider", "is not one this server asks: \(providers.map(\.rawValue).joined(separator: ", "))")
        }
        return base
    }

    struct Outcome: Sendable {
        var pictures: [FoundPicture]
        /// The services that failed this time; the others' pictures are there.
        var unavailable: [PictureProviderName]
    }

    /// One page from each service asked, taken in turns; a service that fails leaves the others'.
    func search(_ words: String, page: Int, language: String, only: PictureProviderName?, now: Date) async throws -> Outcome {
        let asked = try only.map { try base($0); return [$0] } ?? providers
        let results = await withTaskGroup(of: (PictureProviderName, Result<[FoundPicture], any Error>).self) { group in
            for provider in asked {
                group.addTask {
                    do {
                        return (provider, .success(try await self.page(provider, words, page, language, now: now)))
                    } catch {
                        return (provider, .failure(error))
                    }
                }
            }
            var all: [PictureProviderName: Result<[FoundPicture], any Error>] = [:]
            for await (provider, result) in group { all[provider] = result }
            return all
        }
        var lists: [[FoundPicture]] = []
        var unavailable: [PictureProviderName] = []
        var failures: [any Error] = []
        for provider in asked {
            switch results[provider] {
            case .success(let list): lists.append(list)
            case .failure(let error):
                unavailable.append(provider)
                failures.append(error)
            case nil: break
            }
        }
        if lists.isEmpty, let failure = failures.first {
            throw failures.contains { ($0 as? SafeFetch.Failure) == .timedOut } ? Self.problem(SafeFetch.Failure.timedOut, config) : failure
        }
        var merged: [FoundPicture] = []
        for index in 0..<(lists.map(\.count).max() ?? 0) {
            for list in lists where index < list.count { merged.append(list[index]) }
        }
        return Outcome(pictures: merged, unavailable: unavailable)
    }

    private func page(_ provider: PictureProviderName, _ words: String, _ page: Int, _ language: String, now: Date) async throws -> [FoundPicture] {
        let key = "\(provider.rawValue)|\(page)|\(language)|\(words.lowercased())"
        if let cached = answers.get(key, at: now) { return cached }
        let url = PictureProviders.searchURL(provider, base: try base(provider), words: words, page: page, language: language)
        let answer = try await get(url, maxBytes: Self.answerBytes, timeout: config.searchTimeout, accept: "application/json")
        let pictures: [FoundPicture]
        do {
            pictures = try PictureProviders.parseSearch(provider, answer.data)
        } catch {
            throw Problem(.badUpstream, detail: "The picture service \(provider.rawValue) answered in a form it does not use.")
        }
        answers.put(pictures, for: key, at: now)
        for picture in pictures { found.put(picture, for: "\(provider.rawValue)|thumb|\(picture.id)", at: now) }
        return pictures
    }

    /// The picture as its service describes it now (its licence may have changed since the search).
    func details(_ provider: PictureProviderName, _ id: String, thumb: Bool = false, now: Date) async throws -> FoundPicture {
        guard PictureProviders.isValidID(id, for: provider) else { throw Problem.notFound() }
        let key = "\(provider.rawValue)|\(thumb ? "thumb" : "image")|\(id.lowercased())"
        if let cached = found.get(key, at: now) { return cached }
        let url = PictureProviders.detailsURL(provider, base: try base(provider), id: id, thumb: thumb)
        let answer: SafeFetch.Answer
        do {
            answer = try await get(url, maxBytes: Self.answerBytes, timeout: config.searchTimeout, accept: "application/json")
        } catch let problem as Problem where problem.status == 404 {
            throw Self.gone
        }
        let picture: FoundPicture?
        do {
            picture = try PictureProviders.parseDetails(provider, answer.data)
        } catch {
            throw Problem(.badUpstream, detail: "The picture service \(provider.rawValue) answered in a form it does not use.")
        }
        guard let picture, picture.id == id.lowercased() else { throw Self.gone }
        found.put(picture, for: key, at: now)
        return picture
    }

    static let gone = Problem.notFound("This picture is no longer offered with an open licence. Choose another one.")

    /// A result's small picture, re-encoded here: what reaches the browser is always a plain JPEG or PNG.
    func thumbnail(_ provider: PictureProviderName, _ id: String, now: Date) async throws -> ImagePipeline.Rendition {
        let key = "\(provider.rawValue)|\(id.lowercased())"
        if let cached = thumbs.get(key, at: now) { return cached }
        let picture = try await details(provider, id, thumb: true, now: now)
        let answer = try await get(picture.thumbURL, maxBytes: Self.thumbBytes, timeout: config.searchTimeout, accept: "image/*")
        let rendition = try await reencode(answer, maxSize: Self.thumbPixels)
        thumbs.put(rendition, for: key, at: now)
        return rendition
    }

    /// The picture itself, to be stored like an upload.
    func download(_ picture: FoundPicture) async throws -> Data {
        let answer = try await get(picture.imageURL, maxBytes: config.downloadMaxBytes, timeout: config.downloadTimeout, accept: "image/*")
        try Self.checkImage(answer)
        return answer.data
    }

    private func reencode(_ answer: SafeFetch.Answer, maxSize: Int) async throws -> ImagePipeline.Rendition {
        try Self.checkImage(answer)
        do {
            _ = try ImagePipeline.probe(answer.data)
            return try await PictureService.decoding.run { try ImagePipeline.render(answer.data, maxSize: maxSize) }
        } catch is ImagePipeline.Failure {
            throw Self.notAPicture
        }
    }

    static let notAPicture = Problem(.badUpstream, detail: "The picture service sent something that is not a picture.")

    /// A raster picture by its type (never HTML, never SVG); libvips then checks the bytes.
    static func checkImage(_ answer: SafeFetch.Answer) throws {
        let type = answer.contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard type.hasPrefix("image/"), !type.contains("svg") else { throw notAPicture }
    }

    private func get(_ url: URL, maxBytes: Int, timeout: Duration, accept: String) async throws -> SafeFetch.Answer {
        do {
            return try await outbound.run { try await fetch.get(url, maxBytes: maxBytes, timeout: timeout, accept: accept) }
        } catch let failure as SafeFetch.Failure {
            throw Self.problem(failure, config)
        }
    }

    static func problem(_ failure: SafeFetch.Failure, _ config: AppConfig.PictureSearch) -> Problem {
        switch failure {
        case .timedOut:
            Problem(.upstreamTimeout, detail: "The picture service did not answer in time. Try again, or choose a pictogram.")
        case .notPublic, .badURL, .tooManyRedirects:
            Problem(.badUpstream, detail: "The picture service pointed to an address that is not allowed.")
        case .tooLarge:
            Problem(.badUpstream, detail: "The picture is larger than \(config.downloadMaxBytes >> 20) MB.")
        case .status(404), .status(410):
            Problem.notFound("This picture is no longer offered. Choose another one.")
        case .status, .unknownHost, .unreachable:
            Problem(.badUpstream, detail: "The picture service cannot be reached just now. Try again, or choose a pictogram.")
        }
    }
}

extension Application {
    private struct PictureFinderKey: StorageKey { typealias Value = PictureFinder }

    /// Set by `configure` when `PICTURE_SEARCH` names services; nil: off.
    var pictureFinder: PictureFinder? {
        get { storage[PictureFinderKey.self] }
        set { storage[PictureFinderKey.self] = newValue }
    }
}
