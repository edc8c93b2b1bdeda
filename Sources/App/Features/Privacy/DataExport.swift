import Fluent
import Vapor

/// A requested copy of a person's data: built in the background as a ZIP file, downloadable by
/// the requester for 7 days, then deleted.
final class DataExport: Model, @unchecked Sendable {
    static let schema = "exports"
    static let lifetime: TimeInterval = 7 * 86_400

    enum Status: String, Codable, Sendable {
        case pending, running, ready, failed
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "requested_by") var requestedBy: User
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "size") var size: Int?

    init() {}

    init(userID: UUID, requestedBy: UUID, createdAt: Date) {
        self.$user.id = userID
        self.$requestedBy.id = requestedBy
        self.status = .pending
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(Self.lifetime)
    }

    func toDTO() throws -> ExportDTO {
        ExportDTO(
            id: try requireID(),
            userId: $user.id,
            status: status,
            createdAt: createdAt,
            expiresAt: expiresAt,
            size: size
        )
    }
}

struct ExportDTO: Content {
    var id: UUID
    var userId: UUID
    var status: DataExport.Status
    var createdAt: Date
    var expiresAt: Date
    @NullEncoded var size: Int?
}
