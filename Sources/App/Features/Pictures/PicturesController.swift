import Fluent
import MobilizeCore
import Vapor

/// Photos of a user: uploaded by the user or a planner, served only after the permission check
/// (policy 6.2), never from a public address.
struct PicturesController: RouteCollection {
    static let maxUpload = 20 << 20

    func boot(routes: any RoutesBuilder) throws {
        routes.on(
            .POST,
            "users",
            ":userId",
            "pictures",
            body: .collect(maxSize: ByteCount(value: Self.maxUpload + (64 << 10))),
            use: upload
        )
        routes.get("users", ":userId", "pictures", use: list)
        routes.get("pictures", ":pictureId", use: serve)
        routes.get("pictures", ":pictureId", "info", use: info)
        routes.delete("pictures", ":pictureId", use: delete)
        routes.put("users", ":userId", "avatar", use: setAvatar)
        routes.delete("users", ":userId", "avatar", use: removeAvatar)
    }

    struct AvatarRequest: StrictContent {
        static let allowedKeys: Set<String> = ["pictureId", "pictogramId"]
        var pictureId: UUID?
        var pictogramId: UUID?
    }

    /// The profile picture: one of the user's pictures or a pictogram, seen by the user's circle.
    func setAvatar(req: Request) async throws -> UserDTO {
        let granted = try await CircleAccess(request: req).authorize(.managePictures)
        let body = try req.decode(AvatarRequest.self)
        let user = granted.subject
        let userID = try user.requireID()
        switch (body.pictureId, body.pictogramId) {
        case (let picture?, nil):
            let own = try await Picture.query(on: req.db).filter(\.$id == picture).filter(\.$user.$id == userID)
                .filter(\.$scope == nil).count()
            guard own == 1 else { throw Problem.invalid("pictureId", "is not a picture of this user") }
            user.avatarPictureID = picture
            user.avatarPictogramID = nil
        case (nil, let pictogram?):
            let catalog = PictogramCatalog(request: req, principal: granted.principal, user: userID, lang: "en")
            guard (try? await catalog.find(pictogram)) != nil else {
                throw Problem.invalid("pictogramId", "is not a pictogram this user can see")
            }
            user.avatarPictogramID = pictogram
            user.avatarPictureID = nil
        default:
            throw Problem.invalid("pictureId", "give either pictureId or pictogramId")
        }
        try await user.save(on: req.db)
        return try user.toDTO()
    }

    func removeAvatar(req: Request) async throws -> HTTPStatus {
        let user = try await CircleAccess(request: req).authorize(.managePictures).subject
        user.avatarPictureID = nil
        user.avatarPictogramID = nil
        try await user.save(on: req.db)
        return .noContent
    }

    /// The multipart form of an upload, read by a parser that refuses hostile bodies instead of
    /// trapping.
    static func form(in req: Request) throws -> FormData {
        guard let contentType = req.headers.first(name: .contentType),
            let boundary = FormData.boundary(contentType: contentType)
        else {
            throw Problem(
                .unsupportedMediaType,
                detail: "Send the picture as multipart/form-data in the field \"file\"."
            )
        }
        do {
            return try FormData(parsing: req.body.data.map { Data(buffer: $0) } ?? Data(), boundary: boundary)
        } catch {
            throw Problem.badRequest("The multipart body is malformed: \(error.reason).")
        }
    }

    /// The bytes of the form field `file`.
    static func file(in req: Request) throws -> Data {
        guard let file = try form(in: req).part(named: "file") else {
            throw Problem.invalid("file", "is required: a picture in the form field \"file\"")
        }
        return file.body
    }

    func upload(req: Request) async throws -> Response {
        let granted = try await CircleAccess(request: req).authorize(.managePictures)
        let data = try Self.file(in: req)
        guard !data.isEmpty else { throw Problem.invalid("file", "is empty") }
        guard data.count <= Self.maxUpload else {
            throw Problem(
                .payloadTooLarge,
                detail: "A picture may be at most 20 MB."
            )
        }
        let names = try await PictureGuard.names(inCircleOf: granted.subject.requireID(), on: req.db)
        return try await Self.respond(
            to: req,
            PictureService(request: req).storeGuarded(data, for: granted.subject, by: granted.principal.userID, names: names)
        )
    }

    /// 201 with a new picture, 200 with the same upload made before, 202 with a held one.
    static func respond(to req: Request, _ stored: PictureService.Stored) async throws -> Response {
        switch stored {
        case .picture(let picture, let created):
            try await picture.toDTO().encodeResponse(status: created ? .created : .ok, for: req)
        case .held(let hold):
            try await hold.toDTO().encodeResponse(status: .accepted, for: req)
        }
    }

    func list(req: Request) async throws -> Page<PictureDTO> {
        let granted = try await CircleAccess(request: req).authorize(.read)
        let query = try Picture.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .filter(\.$scope == nil)
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    /// What is known of a picture: its size, and where a picture from a search came from.
    func info(req: Request) async throws -> PictureDTO {
        try await readable(req).toDTO()
    }

    private func readable(_ req: Request) async throws -> Picture {
        let picture = try await find(req)
        if let scope = picture.scope {
            try await req.application.pictureScopes.authorize(.read, picture, scope: scope, req)
        } else {
            _ = try await CircleAccess(request: req).authorize(.read, userID: picture.$user.id)
        }
        return picture
    }

    /// The bytes of one size, with a validator so a device never downloads a picture twice.
    func serve(req: Request) async throws -> Response {
        let picture = try await readable(req)
        let sizeName = req.queryValues(PictureSizeQuery.self).size ?? Picture.Size.display.rawValue
        guard let size = Picture.Size(rawValue: sizeName) else {
            throw Problem.invalid("size", "must be thumb, display or original")
        }
        let key = picture.key(size)
        let etag = "\"\(key)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
        guard let data = try await req.application.media.get(key) else { throw Problem.notFound() }
        headers.replaceOrAdd(name: .contentType, value: picture.contentType)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let picture = try await find(req)
        if let scope = picture.scope {
            try await req.application.pictureScopes.authorize(.delete, picture, scope: scope, req)
        } else {
            _ = try await CircleAccess(request: req).authorize(.managePictures, userID: picture.$user.id)
        }
        try await PictureService(request: req).delete(picture)
        return .noContent
    }

    private func find(_ req: Request) async throws -> Picture {
        let id = try req.id("pictureId")
        let cache = req.application.accessCache
        if req.mayUseAccessCache, let cached = cache.picture(id, at: req.now) { return cached }
        let generation = cache.currentGeneration
        guard let picture = try await Picture.find(id, on: req.db) else { throw Problem.notFound() }
        if req.mayUseAccessCache { cache.keep(picture: picture, readIn: generation, at: req.now) }
        return picture
    }
}
