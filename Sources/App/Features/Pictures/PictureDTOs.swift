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
}
