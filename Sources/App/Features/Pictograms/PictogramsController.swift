import Fluent
import MobilizeCore
import Vapor

/// The pictogram archive: search, images, a user's own names for pictograms, and institutions'
/// own collections.
struct PictogramsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("pictograms", use: search)
        routes.get("pictograms", ":pictogramId", use: show)
        routes.get("pictograms", ":pictogramId", "image", use: image)
        routes.get("users", ":userId", "pictogram-names", use: ownNames)
        routes.put("users", ":userId", "pictograms", ":pictogramId", "name", use: rename)
        routes.delete("users", ":userId", "pictograms", ":pictogramId", "name", use: removeName)
        let collections = routes.grouped("institutions", ":institutionId", "pictogram-collections")
        collections.get(use: listCollections)
        collections.post(use: createCollection)
        collections.delete(":collectionId", use: deleteCollection)
        collections.on(
            .POST,
            ":collectionId",
            "pictograms",
            body: .collect(maxSize: ByteCount(value: PicturesController.maxUpload + (64 << 10))),
            use: addPictogram
        )
        collections.delete(":collectionId", "pictograms", ":pictogramId", use: deletePictogram)
    }

    /// `?q=` searches (exact name, word-prefix, keyword); without it, every visible pictogram, or
    /// those of one collection (`?collectionId=`).
    func search(req: Request) async throws -> Page<PictogramDTO> {
        let catalog = try await PictogramCatalog.forRequest(req)
        let page = try PageRequest(req)
        let values = req.queryValues(PictogramSearchQuery.self)
        let query = values.q ?? ""
        guard Rules.length(query) <= 100 else { throw Problem.invalid("q", "may be at most 100 characters") }
        var collection: UUID?
        if let text = values.collectionId {
            guard let id = UUID(uuidString: text), try await catalog.visibleCollections().contains(id) else {
                throw Problem.invalid("collectionId", "is not a collection you can see")
            }
            collection = id
        }
        return PictogramSearch.fold(query).isEmpty || collection != nil
            ? try await catalog.browse(page: page, collection: collection)
            : try await catalog.search(query, page: page)
    }

    /// The user's own names for pictograms, newest first.
    func ownNames(req: Request) async throws -> Page<PictogramDTO> {
        let granted = try await CircleAccess(request: req).authorize(.read)
        let userID = try granted.subject.requireID()
        let catalog = PictogramCatalog(
            request: req,
            principal: granted.principal,
            user: userID,
            lang: try PictogramCatalog.language(req, principal: granted.principal)
        )
        let page = try PageRequest(req)
        let query = PictogramAlternateName.query(on: req.db).filter(\.$user.$id == userID).sort(\.$id)
        if let after = page.after { query.filter(\.$id > after) }
        let rows = try await query.with(\.$pictogram).limit(page.limit + 1).all()
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? shown.last?.id?.uuidString : nil
        return Page(items: try await catalog.dtos(shown.map(\.pictogram)), next: next)
    }

    func show(req: Request) async throws -> PictogramDTO {
        let catalog = try await PictogramCatalog.forRequest(req)
        let pictogram = try await catalog.find(req.id("pictogramId"))
        return try await catalog.dtos([pictogram])[0]
    }

    /// The PNG (or JPEG, for a collection's photo). The archive's never changes; a collection's
    /// is private to those who may see it.
    func image(req: Request) async throws -> Response {
        let principal = try req.principal
        let catalog = PictogramCatalog(request: req, principal: principal, user: principal.userID, lang: "en")
        let pictogram = try await catalog.find(req.id("pictogramId"))
        let etag = "\"\(pictogram.imageKey)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=604800")
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
        guard let data = try await req.application.media.get(pictogram.imageKey) else { throw Problem.notFound() }
        headers.replaceOrAdd(name: .contentType, value: pictogram.contentType)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A user's own name for a pictogram, set by the user or a planner who manages their pictures.
    func rename(req: Request) async throws -> PictogramDTO {
        let granted = try await CircleAccess(request: req).authorize(.managePictures)
        let userID = try granted.subject.requireID()
        let body = try req.decode(PictogramNameRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        let catalog = PictogramCatalog(
            request: req,
            principal: granted.principal,
            user: userID,
            lang: try PictogramCatalog.language(req, principal: granted.principal)
        )
        let pictogram = try await catalog.find(req.id("pictogramId"))
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        try await req.db.writeTransaction { db in
            let own =
                try await PictogramAlternateName.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$pictogram.$id == pictogram.requireID()).first() ?? PictogramAlternateName()
            own.$user.id = userID
            own.$pictogram.id = try pictogram.requireID()
            own.name = name
            own.folded = PictogramSearch.fold(name)
            own.updatedAt = req.now
            try await own.save(on: db)
        }
        return try await catalog.dtos([pictogram])[0]
    }

    func removeName(req: Request) async throws -> HTTPStatus {
        let granted = try await CircleAccess(request: req).authorize(.managePictures)
        let own = try await PictogramAlternateName.query(on: req.db).filter(\.$user.$id == granted.subject.requireID())
            .filter(\.$pictogram.$id == req.id("pictogramId")).first()
        guard let own else { throw Problem.notFound() }
        try await own.delete(on: req.db)
        return .noContent
    }

    // MARK: Institutions' collections

    func listCollections(req: Request) async throws -> Page<PictogramCollectionDTO> {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let query = PictogramCollection.query(on: req.db).filter(\.$institution.$id == granted.institutionID)
        return try await PageRequest(req).fetch(query) { try $0.toDTO() }
    }

    func createCollection(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.manage)
        let body = try req.decode(NameRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        let collection = PictogramCollection()
        collection.$institution.id = granted.institutionID
        collection.name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        collection.createdAt = req.now
        try await collection.create(on: req.db)
        return try await collection.toDTO().encodeResponse(status: .created, for: req)
    }

    func deleteCollection(req: Request) async throws -> HTTPStatus {
        _ = try await InstitutionAccess(request: req).authorize(.manage)
        let collection = try await findCollection(req)
        let keys = try await Pictogram.query(on: req.db).filter(\.$collection.$id == collection.requireID())
            .all(\.$imageKey)
        try await collection.delete(on: req.db)
        for key in keys { try await deleteFileUnlessUsed(key, req) }
        return .noContent
    }

    /// A pictogram of the collection: a picture (`file`) through the same safe pipeline as
    /// photos, and its `name`.
    func addPictogram(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.manage)
        let collection = try await findCollection(req)
        let form = try PicturesController.form(in: req)
        guard let file = form.part(named: "file"), !file.body.isEmpty else {
            throw Problem.invalid("file", "is required: a picture in the form field \"file\"")
        }
        let name = form.part(named: "name").flatMap { String(data: $0.body, encoding: .utf8) } ?? ""
        var validator = Validator()
        validator.name(name)
        try validator.check()
        let rendition: ImagePipeline.Rendition
        do {
            _ = try ImagePipeline.probe(file.body)
            let pool = req.application.threadPool
            rendition = try await PictureService.decoding.run {
                try await pool.runIfActive { try ImagePipeline.render(file.body, maxSize: Pictogram.renderSize) }
            }
        } catch let failure as ImagePipeline.Failure {
            throw PictureService.problem(failure)
        }
        let pictogram = Pictogram()
        pictogram.id = UUID()
        pictogram.$collection.id = try collection.requireID()
        pictogram.imageKey = try await req.application.media.put(rendition.data)
        pictogram.contentType = rendition.contentType
        pictogram.$addedBy.id = granted.principal.userID
        pictogram.createdAt = req.now
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        try await req.db.writeTransaction { db in
            try await pictogram.create(on: db)
            try await PictogramName(pictogramID: pictogram.requireID(), lang: "*", kind: .name, text: trimmed)
                .create(on: db)
        }
        let catalog = PictogramCatalog(
            request: req,
            principal: granted.principal,
            user: granted.principal.userID,
            lang: "en"
        )
        return try await catalog.dtos([pictogram])[0].encodeResponse(status: .created, for: req)
    }

    func deletePictogram(req: Request) async throws -> HTTPStatus {
        _ = try await InstitutionAccess(request: req).authorize(.manage)
        let collection = try await findCollection(req)
        guard
            let pictogram = try await Pictogram.query(on: req.db).filter(\.$id == req.id("pictogramId"))
                .filter(\.$collection.$id == collection.requireID()).first()
        else { throw Problem.notFound() }
        try await pictogram.delete(on: req.db)
        try await deleteFileUnlessUsed(pictogram.imageKey, req)
        return .noContent
    }

    private func findCollection(_ req: Request) async throws -> PictogramCollection {
        guard
            let collection = try await PictogramCollection.query(on: req.db).filter(\.$id == req.id("collectionId"))
                .filter(\.$institution.$id == req.id("institutionId")).first()
        else { throw Problem.notFound() }
        return collection
    }

    private func deleteFileUnlessUsed(_ key: String, _ req: Request) async throws {
        if try await PictureService.held([key], exceptPicturesOf: [], on: req.db).isEmpty {
            try await req.application.media.delete(key)
        }
    }
}

extension PictogramCollection {
    func toDTO() throws -> PictogramCollectionDTO {
        PictogramCollectionDTO(id: try requireID(), institutionId: $institution.id, name: name, createdAt: createdAt)
    }
}
