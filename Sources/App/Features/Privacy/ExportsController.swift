import Fluent
import MobilizeCore
import Vapor

/// Insight (policy 2.4, 9.4): a person's data as JSON per category, and as a ZIP to download.
/// Only the requester downloads an export: the person, or a guardian for a child.
struct ExportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("me", "export", use: create)
        routes.get("me", "exports", ":exportId", use: show)
        routes.get("me", "exports", ":exportId", "download", use: download)
        let user = routes.grouped("users", ":userId")
        user.post("exports", use: create)
        user.get("exports", use: list)
        user.get("exports", ":exportId", use: show)
        user.get("exports", ":exportId", "download", use: download)
        user.get("data", ":category", use: category)
    }

    func create(req: Request) async throws -> Response {
        let subject = try await CircleAccess(request: req).privacySubject()
        let export = DataExport(
            userID: try subject.requireID(),
            requestedBy: try req.principal.userID,
            createdAt: req.now
        )
        try await export.create(on: req.db)
        ExportRunner(app: req.application).start(try export.requireID())
        return try await export.toDTO().encodeResponse(status: .accepted, for: req)
    }

    func list(req: Request) async throws -> Page<ExportDTO> {
        let subject = try await CircleAccess(request: req).privacySubject()
        let query = try DataExport.query(on: req.db).filter(\.$user.$id == subject.requireID())
            .filter(\.$requestedBy.$id == req.principal.userID).filter(\.$expiresAt > req.now)
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    func show(req: Request) async throws -> ExportDTO {
        try await find(req).toDTO()
    }

    func download(req: Request) async throws -> Response {
        let export = try await find(req)
        guard export.status == .ready else { throw Problem.conflict("The export is not ready yet.") }
        let path = ExportBuilder.path(of: try export.requireID(), in: req.application.config.dataDirectory).path
        guard FileManager.default.fileExists(atPath: path) else { throw Problem.notFound() }
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        let day = ISO8601DateFormatter.string(
            from: export.createdAt,
            timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withFullDate]
        )
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"mobilize-data-\(day).zip\""
        )
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func category(req: Request) async throws -> Response {
        let subject = try await CircleAccess(request: req).privacySubject()
        guard let category = req.parameters.get("category").flatMap(DataCategory.init(rawValue:)),
            let reader = req.application.personalData.readers[category]
        else { throw Problem.notFound() }
        let data = try await reader(req.db, try subject.requireID())
        let response = Response(status: .ok)
        try response.content.encode(CategoryDataEnvelope(category: category, data: data), as: .json)
        return response
    }

    /// The export, if the caller requested it and it has not expired; else 404.
    private func find(_ req: Request) async throws -> DataExport {
        let subject = try await CircleAccess(request: req).privacySubject()
        guard
            let export = try await DataExport.query(on: req.db).filter(\.$id == req.id("exportId"))
                .filter(\.$user.$id == subject.requireID()).filter(\.$requestedBy.$id == req.principal.userID).first(),
            export.expiresAt > req.now
        else { throw Problem.notFound() }
        return export
    }
}
