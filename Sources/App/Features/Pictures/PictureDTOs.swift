import Fluent
import Foundation
import Vapor

struct PictureDTO: Content {
    var id: UUID
    var userId: UUID
    var width: Int
    var height: Int
    var contentType: String
    var createdAt: Date
    /// Where a picture from an Internet search came from, to be shown with it; null for a photo.
    @NullEncoded var attribution: PictureAttributionDTO?
}

struct PictureAttributionDTO: Content {
    var provider: String
    var title: String
    @NullEncoded var creator: String?
    var licence: String
    @NullEncoded var licenceUrl: String?
    @NullEncoded var sourceUrl: String?
}
