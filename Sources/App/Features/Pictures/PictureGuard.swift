import Fluent
import Foundation
import MobilizeCore
import Vapor

/// The guard against sensitive pictures (policy 6.2.1): reads the text of an uploaded photo and
/// says where it saw a CPR number, an address, an email address, a phone number or the name of
/// someone in the circle. The text read is never kept: it lives in this call's memory only.
final class PictureGuard: Sendable {
    /// Photos are read at most this large. Print 18 px high in a 4000 px wide photo (a label's
    /// small print) is read at 1600 as at 2000, and not at 1400; 1600 reads in two thirds of the
    /// time 2000 takes.
    static let readingSize = 1600
    /// Each found area grows by a quarter of its height on every side, so a blur covers it whole.
    static let margin = 0.25

    /// Readings at once. An engine holds its languages (64 MB) and reads on one core; at most
    /// two pictures are decoded at once, so two engines at most, and one below four cores, where
    /// a second reading would only take turns with the sizes being made.
    static func engines(cores: Int = System.coreCount) -> Int { cores >= 4 ? 2 : 1 }

    let settings: PictureGuardSettings
    let reader: TextReader
    private let turns: AsyncSemaphore

    init(settings: PictureGuardSettings, engines: Int = PictureGuard.engines()) {
        self.settings = settings
        reader = TextReader.shared(settings.languages)
        turns = AsyncSemaphore(limit: max(1, engines))
    }

    /// What was seen, in the pixels of the copy read (`width` x `height`).
    struct Seen: Sendable {
        var findings: [SensitiveText.Finding]
        var width: Int
        var height: Int
        var complete: Bool

        /// The findings in the pixels of the picture as stored, `size` (upright, like the copy read).
        func findings(fittedTo size: (width: Int, height: Int)) -> [SensitiveText.Finding] {
            let factor = Double(size.width) / Double(max(width, 1))
            return findings.map {
                SensitiveText.Finding(kind: $0.kind, box: $0.box.scaled(by: factor, margin: PictureGuard.margin, within: size))
            }
        }
    }

    /// Reads a picture on the thread pool once an engine is free.
    func look(at data: Data, names: [String], on pool: NIOThreadPool) async throws -> Seen {
        try await turns.run { try await pool.runIfActive { try self.read(data, names: names) } }
    }

    private func read(_ data: Data, names: [String]) throws -> Seen {
        let grey = try ImagePipeline.grey(data, maxSize: Self.readingSize)
        let (seconds, attoseconds) = settings.timeout.components
        let milliseconds = Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let reading = try reader.read(grey.bytes, width: grey.width, height: grey.height, milliseconds: milliseconds)
        return Seen(
            findings: SensitiveText.findings(in: reading.lines, names: names),
            width: grey.width,
            height: grey.height,
            complete: reading.complete
        )
    }

    /// The names of a user's circle, looked for in their photos: the user's and their planners'.
    static func names(inCircleOf userID: UUID, on db: any Database) async throws -> [String] {
        let planners = try await PlannerLink.query(on: db).filter(\.$user.$id == userID).with(\.$planner).all()
        let user = try await User.find(userID, on: db)
        return (user.map { [$0.name] } ?? []) + planners.map(\.planner.name)
    }
}

/// Loads the guard's languages while the server starts, so the first upload does not wait for
/// them, and says at once when Tesseract lacks one.
struct PictureGuardWarmUp: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        guard app.isServing, let guarding = app.pictureGuard else { return }
        let pool = app.threadPool
        let logger = app.logger
        Task {
            do {
                try await pool.runIfActive { try guarding.reader.prepare() }
            } catch {
                logger.warning("the picture guard cannot read: photos are saved unread", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension Application {
    private struct PictureGuardKey: StorageKey { typealias Value = PictureGuard }

    /// Set by the pictures feature unless `PICTURE_GUARD=false`.
    var pictureGuard: PictureGuard? {
        get { storage[PictureGuardKey.self] }
        set { storage[PictureGuardKey.self] = newValue }
    }
}
