import Fluent
import Foundation
import MobilizeCore
import Vapor

extension Picture {
    func toDTO() throws -> PictureDTO {
        PictureDTO(
            id: try requireID(),
            userId: $user.id,
            width: width,
            height: height,
            contentType: contentType,
            createdAt: createdAt,
            attribution: attribution
        )
    }

    var attribution: PictureAttributionDTO? {
        guard let sourceProvider, let sourceLicence else { return nil }
        return PictureAttributionDTO(
            provider: sourceProvider, title: sourceTitle ?? "", creator: sourceCreator, licence: sourceLicence,
            licenceUrl: sourceLicenceURL, sourceUrl: sourceURL
        )
    }
}

/// Turns an upload into a stored picture, and deletes pictures with their files.
struct PictureService {
    let request: Request

    /// At most two pictures decode at once, so uploads cannot take every core or much memory.
    static let decoding = AsyncSemaphore(limit: 2)

    /// What became of an upload: a picture (new, or the same upload made before), or a hold.
    enum Stored {
        case picture(Picture, created: Bool)
        case held(PictureHold)
    }

    /// At most this many uploads of one uploader wait held; a new one lets the oldest go.
    static let maxHolds = 10

    /// Returns the picture and whether it is new (the same upload twice, to the same place, gives
    /// the first). `scope` keeps it out of the library, seen only where the scope allows. Not
    /// guarded: a picture from a search, or one whose uploader has seen what the guard found.
    func store(_ data: Data, for user: User, by uploader: UUID, scope: String? = nil) async throws -> (Picture, Bool) {
        guard case .picture(let picture, let created) = try await store(data, for: user, by: uploader, scope: scope, names: nil)
        else { preconditionFailure("only a guarded upload is held") }
        return (picture, created)
    }

    /// An upload through the guard against sensitive pictures, which looks for `names` (the
    /// circle's) beside the rest: held when it sees anything.
    func storeGuarded(_ data: Data, for user: User, by uploader: UUID, scope: String? = nil, names: [String]) async throws
        -> Stored
    {
        try await store(data, for: user, by: uploader, scope: scope, names: names)
    }

    private func store(_ data: Data, for user: User, by uploader: UUID, scope: String?, names: [String]?) async throws
        -> Stored
    {
        let userID = try user.requireID()
        let sourceHash = FileMediaStore.key(of: data)
        if let existing = try await Picture.query(on: request.db).filter(\.$user.$id == userID)
            .filter(\.$sourceHash == sourceHash).filter(\.$scope == scope).first()
        {
            return .picture(existing, created: false)
        }
        let guarding = names.flatMap { names in request.application.pictureGuard.map { ($0, names) } }
        let (renditions, seen) = try await render(data, reading: guarding)
        let original = renditions[.original]!
        let findings = seen?.findings(fittedTo: (original.width, original.height)) ?? []
        let draft = Draft(renditions: renditions, sourceHash: sourceHash, userID: userID, uploader: uploader, scope: scope)
        guard findings.isEmpty else { return .held(try await hold(draft, findings: findings)) }
        return .picture(try await save(draft), created: true)
    }

    /// The three sizes of a picture not stored yet, and whose it is.
    struct Draft {
        var renditions: [Picture.Size: ImagePipeline.Rendition]
        var sourceHash: String
        var userID: UUID
        var uploader: UUID
        var scope: String?
    }

    /// The three sizes, and what the guard saw when it read the picture at the same time.
    func render(_ data: Data, reading: (PictureGuard, [String])?) async throws
        -> ([Picture.Size: ImagePipeline.Rendition], PictureGuard.Seen?)
    {
        do {
            _ = try ImagePipeline.probe(data)
            let pool = request.application.threadPool
            let logger = request.logger
            return try await Self.decoding.run {
                async let seen = Self.look(at: data, reading, pool: pool, logger: logger)
                let renditions = try await pool.runIfActive {
                    try Dictionary(
                        uniqueKeysWithValues: Picture.Size.allCases.map {
                            ($0, try ImagePipeline.render(data, maxSize: $0.maxPixels))
                        }
                    )
                }
                return (renditions, await seen)
            }
        } catch let failure as ImagePipeline.Failure {
            throw Self.problem(failure)
        }
    }

    /// A picture the guard cannot read passes: the guard helps, it never stands in the way.
    private static func look(at data: Data, _ reading: (PictureGuard, [String])?, pool: NIOThreadPool, logger: Logger)
        async -> PictureGuard.Seen?
    {
        guard let (guarding, names) = reading else { return nil }
        do {
            let seen = try await guarding.look(at: data, names: names, on: pool)
            if !seen.complete { logger.notice("the picture guard stopped reading at its time limit") }
            return seen
        } catch {
            logger.warning("the picture guard could not read a picture", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Stores the sizes as a picture, within the user's quota.
    func save(_ draft: Draft) async throws -> Picture {
        try await checkQuota(adding: draft.renditions.values.reduce(0) { $0 + $1.data.count }, for: draft.userID)
        let picture = Picture()
        picture.$user.id = draft.userID
        picture.$uploadedBy.id = draft.uploader
        picture.sourceHash = draft.sourceHash
        picture.sizes = try await put(draft.renditions)
        picture.createdAt = request.now
        picture.scope = draft.scope
        try await picture.create(on: request.db)
        return picture
    }

    /// The three sizes in the media store.
    private func put(_ renditions: [Picture.Size: ImagePipeline.Rendition]) async throws -> StoredSizes {
        let media = request.application.media
        let original = renditions[.original]!
        return StoredSizes(
            thumbKey: try await media.put(renditions[.thumb]!.data),
            displayKey: try await media.put(renditions[.display]!.data),
            originalKey: try await media.put(original.data),
            contentType: original.contentType,
            width: original.width,
            height: original.height,
            bytes: renditions.values.reduce(0) { $0 + $1.data.count }
        )
    }

    func checkQuota(adding bytes: Int, for userID: UUID) async throws {
        // Summed here: PostgreSQL's SUM over a bigint column answers a numeric.
        let used = try await Picture.query(on: request.db).filter(\.$user.$id == userID).all(\.$bytes).reduce(0, +)
        let quota = request.application.config.pictureQuotaBytes
        guard used + bytes <= quota else {
            throw Problem(
                .quotaExceeded,
                detail:
                    "This user's pictures use \(used / 1_048_576) MB of \(quota / 1_048_576) MB. Delete some to make room."
            )
        }
    }

    /// Keeps the sizes for the uploader to choose, with where the guard saw what.
    private func hold(_ draft: Draft, findings: [SensitiveText.Finding]) async throws -> PictureHold {
        let db = request.db
        let media = request.application.media
        let hold = PictureHold()
        hold.$user.id = draft.userID
        hold.$uploadedBy.id = draft.uploader
        hold.scope = draft.scope
        hold.sourceHash = draft.sourceHash
        hold.sizes = try await put(draft.renditions)
        hold.findingsJSON = String(decoding: try JSONEncoder().encode(findings), as: UTF8.self)
        hold.createdAt = request.now
        hold.expiresAt = request.now.addingTimeInterval(PictureHold.lifetime)
        try await hold.create(on: db)
        // Trimmed after the new one is written, so that uploads at the same moment each see the
        // others and the uploader ends with no more than the bound.
        let waiting = try await PictureHold.query(on: db).filter(\.$uploadedBy.$id == draft.uploader)
            .sort(\.$createdAt, .descending).sort(\.$id).all()
        for old in waiting.dropFirst(Self.maxHolds) { try? await Self.release(old, on: db, media: media) }
        return hold
    }

    /// A hold ends: its row goes, and its files unless a picture or another hold uses them.
    static func release(_ hold: PictureHold, on db: any Database, media: any MediaStore) async throws {
        let keys = Set(hold.keys)
        try await hold.delete(on: db)
        let held = try await held(keys, exceptPicturesOf: [], on: db)
        for key in keys.subtracting(held) { try await media.delete(key) }
    }

    /// Every size goes, unless another picture holds the same file.
    func delete(_ picture: Picture) async throws {
        try await Self.delete(picture, on: request.db, media: request.application.media)
    }

    static func delete(_ picture: Picture, on db: any Database, media: any MediaStore) async throws {
        let keys = Set(picture.keys)
        try await picture.delete(on: db)
        let held = try await held(keys, exceptPicturesOf: [], on: db)
        for key in keys.subtracting(held) { try await media.delete(key) }
    }

    /// Which of these files another picture or held upload (of anyone but `people`) or a pictogram
    /// still uses:
    /// the store is content-addressed, so the same bytes are one file.
    static func held(
        _ keys: Set<String>,
        exceptPicturesOf people: [UUID],
        on db: any Database
    ) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let pictures = Picture.query(on: db).group(.or) {
            $0.filter(\.$thumbKey ~~ keys).filter(\.$displayKey ~~ keys).filter(\.$originalKey ~~ keys)
        }
        if !people.isEmpty { pictures.filter(\.$user.$id !~ people) }
        let pictogramKeys = try await Pictogram.query(on: db).filter(\.$imageKey ~~ keys).all(\.$imageKey)
        let holds = PictureHold.query(on: db).group(.or) {
            $0.filter(\.$thumbKey ~~ keys).filter(\.$displayKey ~~ keys).filter(\.$originalKey ~~ keys)
        }
        if !people.isEmpty { holds.filter(\.$user.$id !~ people).filter(\.$uploadedBy.$id !~ people) }
        let holdKeys = try await holds.all().flatMap(\.keys)
        return Set(try await pictures.all().flatMap(\.keys) + pictogramKeys + holdKeys).intersection(keys)
    }

    static func problem(_ failure: ImagePipeline.Failure) -> Problem {
        switch failure {
        case .notAnImage:
            Problem(
                .unsupportedMediaType,
                detail: "The file is not a picture."
            )
        case .unsupported:
            Problem(
                .unsupportedMediaType,
                detail: "Pictures may be JPEG, PNG, WebP, HEIC or GIF."
            )
        case .tooLarge(let megapixels):
            Problem.invalid("file", "has \(megapixels) megapixels; at most 50 are accepted")
        case .unreadable:
            Problem.invalid("file", "could not be read; it may be damaged or cut off")
        }
    }
}
