import Fluent
import MobilizeCore
import Vapor

/// A pictogram: from the archive (OpenMoji, `collection` nil, `code` its emoji) or from an
/// institution's own collection. Stored as a PNG rendered at import; nothing served is SVG.
package final class Pictogram: Model, @unchecked Sendable {
    package static let schema = "pictograms"
    /// The size pictograms are rendered at.
    package static let renderSize = 512

    @ID(key: .id) package var id: UUID?
    @OptionalParent(key: "collection_id") package var collection: PictogramCollection?
    @OptionalField(key: "code") package var code: String?
    @Field(key: "image_key") package var imageKey: String
    @Field(key: "content_type") package var contentType: String
    @OptionalParent(key: "added_by") package var addedBy: User?
    @Field(key: "created_at") package var createdAt: Date
    @Children(for: \.$pictogram) package var names: [PictogramName]

    package init() {}
}

/// A name or a search keyword of a pictogram, in one language, with its folded form for search.
package final class PictogramName: Model, @unchecked Sendable {
    package static let schema = "pictogram_names"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "pictogram_id") package var pictogram: Pictogram
    @Field(key: "lang") package var lang: String
    @Field(key: "kind") package var kind: String
    @Field(key: "text") package var text: String
    @Field(key: "folded") package var folded: String

    package init() {}

    package init(pictogramID: UUID, lang: String, kind: PictogramSearch.Kind, text: String) {
        self.$pictogram.id = pictogramID
        self.lang = lang
        self.kind = kind.rawValue
        self.text = text
        self.folded = PictogramSearch.fold(text)
    }
}

/// An institution's own pictograms, seen by its staff and the users it serves.
package final class PictogramCollection: Model, @unchecked Sendable {
    package static let schema = "pictogram_collections"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "institution_id") package var institution: Institution
    @Field(key: "name") package var name: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A user's own name for a pictogram ("Mormor's car"), shown and found instead of the archive's.
package final class PictogramAlternateName: Model, @unchecked Sendable {
    package static let schema = "pictogram_alternate_names"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Parent(key: "pictogram_id") package var pictogram: Pictogram
    @Field(key: "name") package var name: String
    @Field(key: "folded") package var folded: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}
