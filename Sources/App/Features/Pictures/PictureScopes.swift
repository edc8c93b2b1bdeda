import Vapor

/// Who may see or delete a picture kept out of the user's library, by the kind of place it
/// belongs to ("conversation:<id>"): the feature that owns the place says, so a picture sent in a
/// conversation is seen by its members and nobody else in the circle.
struct PictureScopes: Sendable {
    /// `add`: put a picture there (a held upload kept).
    enum Action: Sendable { case read, add, delete }

    /// Answers normally when the caller may; throws the problem (404, 403) when not.
    typealias Check = @Sendable (_ action: Action, _ picture: Picture, _ place: UUID, _ request: Request) async throws -> Void

    private var checks: [String: Check] = [:]

    /// The checks for one kind of place, set up by the feature that owns it.
    mutating func register(_ kind: String, _ check: @escaping Check) {
        checks[kind] = check
    }

    /// The scope's text for a place.
    static func scope(_ kind: String, _ place: UUID) -> String { "\(kind):\(place.uuidString)" }

    func authorize(_ action: Action, _ picture: Picture, scope: String, _ request: Request) async throws {
        let parts = scope.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let check = checks[parts[0]], let place = UUID(uuidString: parts[1]) else {
            throw Problem.notFound()
        }
        try await check(action, picture, place, request)
    }
}

extension Application {
    private struct PictureScopesKey: StorageKey { typealias Value = PictureScopes }

    /// Registered by the features in `configure`, before any request.
    var pictureScopes: PictureScopes {
        get { storage[PictureScopesKey.self] ?? PictureScopes() }
        set { storage[PictureScopesKey.self] = newValue }
    }
}
