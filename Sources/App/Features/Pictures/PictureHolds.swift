import Fluent
import Foundation
import MobilizeCore
import Vapor

/// What the uploader of a held picture chooses: keep it as it is, keep it with areas made
/// unreadable or cut down to a part, or let it go.
extension PictureService {
    enum Edit {
        /// Upload anyway: the sizes made at the upload become the picture.
        case none
        case obscure([SensitiveText.Box])
        case crop(SensitiveText.Box)
    }

    /// At most this many areas are made unreadable in one picture.
    static let maxAreas = 50
    /// A part cut out is at least this many pixels each way.
    static let minCrop = 16

    /// The picture the hold becomes; the hold ends. The same picture kept before (or by a
    /// choice made at the same moment) is answered again.
    func keep(_ hold: PictureHold, _ edit: Edit) async throws -> (Picture, Bool) {
        do {
            if let kept = try await kept(hold) { return (kept, false) }
            return try await make(hold, edit)
        } catch {
            guard (error as? any DatabaseError)?.isConstraintFailure == true, let kept = try await kept(hold) else { throw error }
            return (kept, false)
        }
    }

    /// The picture of the same upload already in the same place; the hold ends with it.
    private func kept(_ hold: PictureHold) async throws -> Picture? {
        guard
            let kept = try await Picture.query(on: request.db).filter(\.$user.$id == hold.$user.id)
                .filter(\.$sourceHash == hold.sourceHash).filter(\.$scope == hold.scope).first()
        else { return nil }
        if try await PictureHold.find(hold.id, on: request.db) != nil {
            try await Self.release(hold, on: request.db, media: request.application.media)
        }
        return kept
    }

    private func make(_ hold: PictureHold, _ edit: Edit) async throws -> (Picture, Bool) {
        let db = request.db
        let media = request.application.media
        let edited: Data?
        switch edit {
        case .none: edited = nil
        case .obscure(let areas): edited = try await self.edited(hold) { try ImagePipeline.obscure($0, areas: areas.map { ($0.x, $0.y, $0.width, $0.height) }) }
        case .crop(let box): edited = try await self.edited(hold) { try ImagePipeline.crop($0, x: box.x, y: box.y, width: box.width, height: box.height) }
        }
        guard let edited else {
            try await checkQuota(adding: hold.bytes, for: hold.$user.id)
            let picture = Picture()
            picture.$user.id = hold.$user.id
            picture.$uploadedBy.id = hold.$uploadedBy.id
            picture.sourceHash = hold.sourceHash
            picture.sizes = hold.sizes
            picture.createdAt = request.now
            picture.scope = hold.scope
            try await db.transaction { db in
                try await picture.create(on: db)
                try await hold.delete(on: db)
            }
            return (picture, true)
        }
        let (renditions, _) = try await render(edited, reading: nil)
        let picture = try await save(
            Draft(
                renditions: renditions, sourceHash: hold.sourceHash, userID: hold.$user.id, uploader: hold.$uploadedBy.id,
                scope: hold.scope
            )
        )
        try await Self.release(hold, on: db, media: media)
        return (picture, true)
    }

    /// The original size of the held picture, changed on the thread pool.
    private func edited(_ hold: PictureHold, _ change: @escaping @Sendable (Data) throws -> Data) async throws -> Data {
        guard let original = try await request.application.media.get(hold.originalKey) else { throw Problem.notFound() }
        let pool = request.application.threadPool
        do {
            return try await Self.decoding.run { try await pool.runIfActive { try change(original) } }
        } catch let failure as ImagePipeline.Failure {
            throw Self.problem(failure)
        }
    }

    /// Held uploads past their hour, a thousand at a time.
    static func releaseExpiredHolds(_ app: Application, now: Date) async throws {
        let expired = try await PictureHold.query(on: app.db).filter(\.$expiresAt <= now).limit(1000).all()
        for hold in expired { try await release(hold, on: app.db, media: app.media) }
    }
}
