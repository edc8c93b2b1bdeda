import Fluent
import MobilizeCore
import Vapor

/// The uploads the guard against sensitive pictures held: seen by their uploader alone, for an
/// hour, while they may still add pictures there.
struct PictureHoldsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let holds = routes.grouped("picture-holds", ":holdId")
        holds.get(use: show)
        holds.get("picture", use: picture)
        holds.post("keep", use: keep)
        holds.post("blur", use: blur)
        holds.post("crop", use: crop)
        holds.delete(use: cancel)
    }

    struct BlurRequest: StrictContent {
        static let allowedKeys: Set<String> = ["areas"]
        /// The areas to make unreadable; all that the guard found when left out.
        var areas: [SensitiveText.Box]?
    }

    struct CropRequest: StrictContent {
        static let allowedKeys: Set<String> = ["x", "y", "width", "height"]
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    func show(req: Request) async throws -> PictureHoldDTO {
        try await find(req).toDTO()
    }

    /// The held picture, to show with its boxes: thumb or display size, never cached.
    func picture(req: Request) async throws -> Response {
        let hold = try await find(req)
        let size = req.queryValues(PictureSizeQuery.self).size ?? Picture.Size.display.rawValue
        let key: String
        switch Picture.Size(rawValue: size) {
        case .thumb: key = hold.thumbKey
        case .display: key = hold.displayKey
        default: throw Problem.invalid("size", "must be thumb or display")
        }
        guard let data = try await req.application.media.get(key) else { throw Problem.notFound() }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: hold.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// Upload anyway.
    func keep(req: Request) async throws -> Response {
        try await respond(req, try await PictureService(request: req).keep(find(req), .none))
    }

    func blur(req: Request) async throws -> Response {
        let hold = try await find(req)
        let body = try req.decode(BlurRequest.self)
        let areas = body.areas ?? hold.findings.map(\.box)
        guard !areas.isEmpty, areas.count <= PictureService.maxAreas else {
            throw Problem.invalid("areas", "give 1 to \(PictureService.maxAreas) areas")
        }
        for (index, area) in areas.enumerated() where !Self.fits(area, in: hold, atLeast: 1) {
            throw Problem.invalid("areas[\(index)]", "must lie within the picture's \(hold.width) x \(hold.height) pixels")
        }
        return try await respond(req, try await PictureService(request: req).keep(hold, .obscure(areas)))
    }

    func crop(req: Request) async throws -> Response {
        let hold = try await find(req)
        let body = try req.decode(CropRequest.self)
        let box = SensitiveText.Box(x: body.x, y: body.y, width: body.width, height: body.height)
        guard Self.fits(box, in: hold, atLeast: PictureService.minCrop) else {
            throw Problem.invalid(
                "width",
                "the part must lie within the picture's \(hold.width) x \(hold.height) pixels and be at least "
                    + "\(PictureService.minCrop) pixels each way"
            )
        }
        return try await respond(req, try await PictureService(request: req).keep(hold, .crop(box)))
    }

    func cancel(req: Request) async throws -> HTTPStatus {
        try await PictureService.release(find(req), on: req.db, media: req.application.media)
        return .noContent
    }

    private static func fits(_ box: SensitiveText.Box, in hold: PictureHold, atLeast minimum: Int) -> Bool {
        box.x >= 0 && box.y >= 0 && box.width >= minimum && box.height >= minimum && box.x <= hold.width - box.width
            && box.y <= hold.height - box.height
    }

    private func respond(_ req: Request, _ kept: (Picture, Bool)) async throws -> Response {
        try await kept.0.toDTO().encodeResponse(status: kept.1 ? .created : .ok, for: req)
    }

    /// The caller's own hold, not past its hour, where they may still add pictures.
    private func find(_ req: Request) async throws -> PictureHold {
        let principal = try req.principal
        guard
            let hold = try await PictureHold.query(on: req.db).filter(\.$id == req.id("holdId"))
                .filter(\.$uploadedBy.$id == principal.userID).filter(\.$expiresAt > req.now).first()
        else { throw Problem.notFound() }
        if let scope = hold.scope {
            let placeholder = Picture()
            placeholder.$user.id = hold.$user.id
            try await req.application.pictureScopes.authorize(.add, placeholder, scope: scope, req)
        } else {
            _ = try await CircleAccess(request: req).authorize(.managePictures, userID: hold.$user.id)
        }
        return hold
    }
}
