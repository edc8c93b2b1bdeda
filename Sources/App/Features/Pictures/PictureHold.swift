import Fluent
import Foundation
import MobilizeCore
import Vapor

/// An upload the guard against sensitive pictures held back (policy 6.2.1): its three sizes are
/// made and kept, and where what looked like a CPR number, an address, a phone number, an email
/// address or a name of the circle was seen. Never the text itself. It waits an hour for the
/// uploader to blur or crop it, upload it anyway or cancel; then it is gone.
final class PictureHold: Model, @unchecked Sendable {
    static let schema = "picture_holds"
    static let lifetime: TimeInterval = 3600

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "uploaded_by") var uploadedBy: User
    @OptionalField(key: "scope") var scope: String?
    @Field(key: "source_hash") var sourceHash: String
    @Field(key: "thumb_key") var thumbKey: String
    @Field(key: "display_key") var displayKey: String
    @Field(key: "original_key") var originalKey: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "bytes") var bytes: Int
    /// The findings as JSON: kinds and boxes in the pixels of the original size.
    @Field(key: "findings") var findingsJSON: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    var keys: [String] { [thumbKey, displayKey, originalKey] }


    var findings: [SensitiveText.Finding] {
        (try? JSONDecoder().decode([SensitiveText.Finding].self, from: Data(findingsJSON.utf8))) ?? []
    }

    func toDTO() throws -> PictureHoldDTO {
        PictureHoldDTO(
            id: try requireID(),
            userId: $user.id,
            width: width,
            height: height,
            findings: findings.map { PictureHoldDTO.Found(kind: $0.kind.rawValue, box: $0.box) },
            expiresAt: expiresAt
        )
    }
}

/// A held upload as the uploader sees it: the kinds found and their boxes, in the pixels of
/// `width` x `height` (the picture at `GET /picture-holds/{id}/picture` is that picture, smaller).
struct PictureHoldDTO: Content {
    struct Found: Content {
        var kind: String
        var box: SensitiveText.Box
    }

    var id: UUID
    var userId: UUID
    var width: Int
    var height: Int
    var findings: [Found]
    var expiresAt: Date
}

extension PictureHold: HasStoredSizes {}
