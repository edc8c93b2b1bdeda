import Fluent
import MobilizeCore
import Vapor

/// A pictogram: from the archive (OpenMoji, `collection` nil, `code` its emoji) or from an
/// institution's own collection. Stored as a PNG rendered at import; nothing served is SVG.
final class Pictogram: Model, @unchecked Sendable {
    static let schema = "pictograms"
    /// The size pictograms are rendered at.
    static let renderSize = 512

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "collection_id") var collection: PictogramCollection?
    @OptionalField(key: "code") var code: String?
    @Field(key: "image_key") var imageKey: String
    @Field(key: "content_type") var contentType: String
    @OptionalParent(key: "added_by") var addedBy: User?
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$pictogram) var names: [PictogramName]

    init() {}
}

/// A name or a search keyword of a pictogram, in one language, with its folded form for search.
final class PictogramName: Model, @unchecked Sendable {
    static let schema = "pictogram_names"

    @ID(key: .id) var id: UUID?
    @Parent(key: "pictogram_id") var pictogram: Pictogram
    @Field(key: "lang") var lang: String
    @Field(key: "kind") var kind: String
    @Field(key: "text") var text: String
    @Field(key: "folded") var folded: String

    init() {}

    init(pictogramID: UUID, lang: String, kind: PictogramSearch.Kind, text: String) {
        self.$pictogram.id = pictogramID
        self.lang = lang
        self.kind = kind.rawValue
        self.text = text
        self.folded = PictogramSearch.fold(text)
    }
}

/// An institution's own pictograms, seen by its staff and the users it serves.
final class PictogramCollection: Model, @unchecked Sendable {
    static let schema = "pictogram_collections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "institution_id") var institution: Institution
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A user's own name for a pictogram ("Mormor's car"), shown and found instead of the archive's.
final class PictogramAlternateName: Model, @unchecked Sendable {
    static let schema = "pictogram_alternate_names"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "pictogram_id") var pictogram: Pictogram
    @Field(key: "name") var name: String
    @Field(key: "folded") var folded: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
