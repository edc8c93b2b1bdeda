import Fluent
import MobilizeCore
import Vapor

struct PictogramCollectionDTO: Content {
    var id: UUID
    var institutionId: UUID
    var name: String
    var createdAt: Date
}

struct PictogramNameRequest: StrictContent {
    static let allowedKeys: Set<String> = ["name"]
    var name: String
}

struct PictogramDTO: Content {
    var id: UUID
    /// The name to show: the user's own name for it when they gave one.
    var name: String
    /// The archive's (or the collection's) name, in the language asked for.
    var originalName: String
    /// The emoji, for archive pictograms.
    var code: String?
    var collectionId: UUID?
    var image: String
}
