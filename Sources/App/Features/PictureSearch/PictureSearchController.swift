import Fluent
import MobilizeCore
import Vapor

/// Pictures from an Internet search (policy 6.2): only when the server asks a service
/// (`PICTURE_SEARCH`) and the person searching has consented (the guardian, for a child under
/// 13), because the words searched for leave the server. The results, their thumbnails and the
/// chosen picture all come through this server; the chosen one goes through the same pipeline as
/// an upload and keeps its creator and licence.
struct PictureSearchController: RouteCollection {
    /// Searches one person may make a minute, and pictures they may take an hour.
    static let searchesPerMinute = 30
    static let choicesPerHour = 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get("picture-search", "status", use: status)
        routes.get("picture-search", use: search)
        routes.get("picture-search", ":provider", ":imageId", "thumb", use: thumb)
        routes.post("users", ":userId", "pictures", "from-search", use: choose)
    }

    struct StatusDTO: Content {
        var enabled: Bool
        var providers: [String]
        /// Whether the person asking has consented.
        var consented: Bool
    }

    func status(req: Request) async throws -> StatusDTO {
        let person = try req.person
        return StatusDTO(
            enabled: req.application.pictureFinder != nil,
            providers: req.application.pictureFinder?.providers.map(\.rawValue) ?? [],
            consented: person.user.pictureSearch
        )
    }

    struct ResultDTO: Content {
        var provider: String
        var id: String
        var title: String
        @NullEncoded var creator: String?
        var licence: String
        @NullEncoded var licenceUrl: String?
        @NullEncoded var sourceUrl: String?
        /// This server's address for the small picture.
        var thumbnail: String
    }

    struct SearchDTO: Content {
        var items: [ResultDTO]
        var page: Int
        /// The services that failed this time (their pictures are missing).
        var unavailable: [String]
    }

    /// The engine, when the server searches and the person has consented.
    private func engine(_ req: Request) throws -> PictureFinder {
        let person = try req.person
        guard let engine = req.application.pictureFinder else {
            throw Problem.notFound("This server does not search for pictures on the Internet. Choose a pictogram or a photo.")
        }
        guard person.user.pictureSearch else {
            throw Problem(
                .consentNeeded,
                detail:
                    "Searching the Internet sends the words you search for to open picture services. Allow it under Privacy first (a guardian allows it for a child under 13)."
            )
        }
        return engine
    }

    func search(req: Request) async throws -> SearchDTO {
        let engine = try engine(req)
        let query = req.queryValues(SearchQuery.self)
        let words = (query.q ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var validator = Validator()
        validator.require((2...PictureProviders.maxWords).contains(words.count), "q", "is 2 to \(PictureProviders.maxWords) characters")
        let page = query.page.map { Int($0) ?? 0 } ?? 1
        validator.require((1...PictureProviders.maxPage).contains(page), "page", "is 1 to \(PictureProviders.maxPage)")
        let provider = query.provider.flatMap(PictureProviderName.init(rawValue:))
        validator.require(query.provider == nil || provider != nil, "provider", "is openverse or wikimedia")
        let locale = try req.person.user.locale.rawValue
        let language = query.lang ?? locale
        validator.require(Language(rawValue: language) != nil, "lang", "is one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        try validator.check()
        try await req.use(
            "picture-search:\(try req.person.userID)", limit: Self.searchesPerMinute, per: 60,
            detail: "At most \(Self.searchesPerMinute) searches a minute. Wait a moment."
        )
        let outcome = try await engine.search(words, page: page, language: language, only: provider, now: req.now)
        return SearchDTO(
            items: outcome.pictures.map { picture in
                ResultDTO(
                    provider: picture.provider.rawValue, id: picture.id, title: picture.title, creator: picture.creator,
                    licence: picture.licenceName, licenceUrl: picture.licenceURL, sourceUrl: picture.landingURL,
                    thumbnail: "/api/v1/picture-search/\(picture.provider.rawValue)/\(picture.id)/thumb"
                )
            },
            page: page,
            unavailable: outcome.unavailable.map(\.rawValue)
        )
    }

    func thumb(req: Request) async throws -> Response {
        let engine = try engine(req)
        guard let provider = req.parameters.get("provider").flatMap(PictureProviderName.init(rawValue:)),
            let id = req.parameters.get("imageId"), PictureProviders.isValidID(id, for: provider)
        else { throw Problem.notFound() }
        _ = try engine.base(provider)
        let rendition = try await engine.thumbnail(provider, id, now: req.now)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: rendition.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=600")
        return Response(status: .ok, headers: headers, body: .init(data: rendition.data))
    }

    struct ChooseRequest: StrictContent {
        static let allowedKeys: Set<String> = ["provider", "id"]
        var provider: String
        var id: String
    }

    /// Takes a result into the user's pictures: its licence checked again at the service, the
    /// picture fetched (public addresses only, size and time limited) and stored like an upload.
    func choose(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.managePictures)
        let engine = try engine(req)
        let body = try req.decode(ChooseRequest.self)
        guard let provider = PictureProviderName(rawValue: body.provider) else {
            throw Problem.invalid("provider", "is openverse or wikimedia")
        }
        guard PictureProviders.isValidID(body.id, for: provider) else {
            throw Problem.invalid("id", "is an id from this service's search")
        }
        _ = try engine.base(provider)
        try await req.use(
            "picture-choose:\(granted.principal.userID)", limit: Self.choicesPerHour, per: 3600,
            detail: "At most \(Self.choicesPerHour) pictures an hour from the Internet. Try again later."
        )
        let found = try await engine.details(provider, body.id, now: req.now)
        let data = try await engine.download(found)
        let (picture, created): (Picture, Bool)
        do {
            (picture, created) = try await PictureService(request: req).store(data, for: granted.subject, by: granted.principal.userID)
        } catch let problem as Problem where problem.type == ProblemType.unsupportedMediaType.uri || problem.type == ProblemType.validation.uri {
            throw PictureFinder.notAPicture
        }
        if picture.sourceProvider == nil {
            picture.sourceProvider = provider.rawValue
            picture.sourceTitle = String(found.title.prefix(300))
            picture.sourceCreator = found.creator.map { String($0.prefix(200)) }
            picture.sourceLicence = found.licenceName
            picture.sourceLicenceURL = found.licenceURL.map { String($0.prefix(500)) }
            picture.sourceURL = found.landingURL.map { String($0.prefix(500)) }
            try await picture.save(on: req.db)
        }
        return try await picture.toDTO().encodeResponse(status: created ? .created : .ok, for: req)
    }
}

struct SearchQuery: QueryValues {
    var q: String?
    var page: String?
    var provider: String?
    var lang: String?
}

extension SearchQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        q = values.queryText(.q)
        page = values.queryText(.page)
        provider = values.queryText(.provider)
        lang = values.queryText(.lang)
    }
}
