import Fluent
import Vapor

/// A user's photo in three sizes, each re-encoded without metadata. The upload's own bytes are
/// never stored: only their hash, to notice the same picture uploaded twice.
package final class Picture: Model, @unchecked Sendable {
    package static let schema = "pictures"

    package enum Size: String, Codable, Sendable, CaseIterable {
        case thumb, display, original

        package var maxPixels: Int {
            switch self {
            case .thumb: 256
            case .display: 1280
            case .original: 4096
            }
        }
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @OptionalParent(key: "uploaded_by") package var uploadedBy: User?
    @Field(key: "source_hash") package var sourceHash: String
    @Field(key: "thumb_key") package var thumbKey: String
    @Field(key: "display_key") package var displayKey: String
    @Field(key: "original_key") package var originalKey: String
    @Field(key: "content_type") package var contentType: String
    @Field(key: "width") package var width: Int
    @Field(key: "height") package var height: Int
    @Field(key: "bytes") package var bytes: Int
    @Field(key: "created_at") package var createdAt: Date
    /// Where the picture may be seen, when only there and not in the user's library: a
    /// conversation's pictures are seen by its members alone ("conversation:<id>").
    @OptionalField(key: "scope") package var scope: String?
    /// A picture from an Internet search: the service, the picture's title, its creator, its
    /// licence as written under it ("CC BY-SA 2.0"), the licence's page and the picture's page.
    /// Shown wherever the picture is shown large, and part of the export.
    @OptionalField(key: "source_provider") package var sourceProvider: String?
    @OptionalField(key: "source_title") package var sourceTitle: String?
    @OptionalField(key: "source_creator") package var sourceCreator: String?
    @OptionalField(key: "source_licence") package var sourceLicence: String?
    @OptionalField(key: "source_licence_url") package var sourceLicenceURL: String?
    @OptionalField(key: "source_url") package var sourceURL: String?

    package init() {}

    package func key(_ size: Size) -> String {
        switch size {
        case .thumb: thumbKey
        case .display: displayKey
        case .original: originalKey
        }
    }

    package var keys: [String] { Size.allCases.map(key) }
}

extension AccessCache {
    private struct PictureKey: Hashable { let id: UUID }

    /// A picture's row, kept for reading requests like the rows of the permission check.
    func picture(_ id: UUID, at now: Date) -> Picture? { row(PictureKey(id: id), as: Picture.self, at: now) }

    func keep(picture: Picture, readIn generation: UInt64, at now: Date) {
        guard let id = picture.id else { return }
        keep(row: picture, for: PictureKey(id: id), readIn: generation, at: now)
    }
}

/// A picture's three sizes as stored (a picture's, or a held upload's): their files, and the
/// original's type and size.
struct StoredSizes {
    var thumbKey, displayKey, originalKey, contentType: String
    var width, height, bytes: Int
}

protocol HasStoredSizes: AnyObject {
    var thumbKey: String { get set }
    var displayKey: String { get set }
    var originalKey: String { get set }
    var contentType: String { get set }
    var width: Int { get set }
    var height: Int { get set }
    var bytes: Int { get set }
}

extension HasStoredSizes {
    var sizes: StoredSizes {
        get {
            StoredSizes(
                thumbKey: thumbKey, displayKey: displayKey, originalKey: originalKey, contentType: contentType,
                width: width, height: height, bytes: bytes
            )
        }
        set {
            (thumbKey, displayKey, originalKey) = (newValue.thumbKey, newValue.displayKey, newValue.originalKey)
            (contentType, width, height, bytes) = (newValue.contentType, newValue.width, newValue.height, newValue.bytes)
        }
    }
}

extension Picture: HasStoredSizes {}
