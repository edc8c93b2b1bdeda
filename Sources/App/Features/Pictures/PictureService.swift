import Fluent
import Foundation
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

    /// Returns the picture and whether it is new (the same upload twice, to the same place, gives
    /// the first). `scope` keeps it out of the library, seen only where the scope allows.
    func store(_ data: Data, for user: User, by uploader: UUID, scope: String? = nil) async throws -> (Picture, Bool) {
        let userID = try user.requireID()
        let sourceHash = FileMediaStore.key(of: data)
        if let existing = try await Picture.query(on: request.db).filter(\.$user.$id == userID)
            .filter(\.$sourceHash == sourceHash).filter(\.$scope == scope).first()
        {
            return (existing, false)
        }
        let renditions: [Picture.Size: ImagePipeline.Rendition]
        do {
            _ = try ImagePipeline.probe(data)
            let pool = request.application.threadPool
            renditions = try await Self.decoding.run {
                try await pool.runIfActive {
                    try Dictionary(
                        uniqueKeysWithValues: Picture.Size.allCases.map {
                            ($0, try ImagePipeline.render(data, maxSize: $0.maxPixels))
                        }
                    )
                }
            }
        } catch let failure as ImagePipeline.Failure {
            throw Self.problem(failure)
        }
        let total = renditions.values.reduce(0) { $0 + $1.data.count }
        // Summed here: PostgreSQL's SUM over a bigint column answers a numeric.
        let used = try await Picture.query(on: request.db).filter(\.$user.$id == userID).all(\.$bytes).reduce(0, +)
        let quota = request.application.config.pictureQuotaBytes
        guard used + total <= quota else {
            throw Problem(
                .quotaExceeded,
                detail:
                    "This user's pictures use \(used / 1_048_576) MB of \(quota / 1_048_576) MB. Delete some to make room."
            )
        }
        let store = request.application.media
        let picture = Picture()
        picture.$user.id = userID
        picture.$uploadedBy.id = uploader
        picture.sourceHash = sourceHash
        picture.thumbKey = try await store.put(renditions[.thumb]!.data)
        picture.displayKey = try await store.put(renditions[.display]!.data)
        picture.originalKey = try await store.put(renditions[.original]!.data)
        picture.contentType = renditions[.original]!.contentType
        picture.width = renditions[.original]!.width
        picture.height = renditions[.original]!.height
        picture.bytes = total
        picture.createdAt = request.now
        picture.scope = scope
        try await picture.create(on: request.db)
        return (picture, true)
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

    /// Which of these files another picture (of anyone but `people`) or a pictogram still uses:
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
        return Set(try await pictures.all().flatMap(\.keys) + pictogramKeys).intersection(keys)
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
