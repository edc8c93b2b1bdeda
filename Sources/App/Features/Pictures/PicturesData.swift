import Fluent
import Foundation

/// The personal data of pictures: the rows, and their files unless another picture uses them.
enum PicturesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Picture.schema,
            category: .pictures,
            columns: [("user_id", .deleteRow), ("uploaded_by", .setNull)],
            retention: "until deleted, or with the account",
            media: { db, ids in
                let theirs = try await Picture.query(on: db).filter(\.$user.$id ~~ ids).all()
                let keys = Set(theirs.flatMap(\.keys))
                return Array(keys.subtracting(try await PictureService.held(keys, exceptPicturesOf: ids, on: db)))
            }
        ),
        PersonalDataDeclaration(
            table: PictureHold.schema,
            category: .heldPictures,
            columns: [("user_id", .deleteRow), ("uploaded_by", .deleteRow)],
            retention: "an hour, or until the uploader chooses",
            media: { db, ids in
                let theirs = try await PictureHold.query(on: db).group(.or) {
                    $0.filter(\.$user.$id ~~ ids).filter(\.$uploadedBy.$id ~~ ids)
                }.all()
                let keys = Set(theirs.flatMap(\.keys))
                return Array(keys.subtracting(try await PictureService.held(keys, exceptPicturesOf: ids, on: db)))
            }
        ),
    ]

    struct HeldRecord: Encodable, Sendable {
        let id: UUID
        let createdAt: Date
        let expiresAt: Date
        let uploadedBy: String
        /// What the guard saw (cpr, address, email, phone, name), never the text.
        let found: [String]
    }

    struct Record: Encodable, Sendable {
        let id: UUID
        let width: Int
        let height: Int
        let contentType: String
        let createdAt: Date
        @NullEncoded var uploadedBy: String?
        /// Where it is shown when not in the library ("conversation:<id>").
        @NullEncoded var shownOnlyIn: String?
        /// A picture from an Internet search: where it came from and its licence.
        @NullEncoded var attribution: PictureAttributionDTO?
    }

    static let readers: [DataCategory: CategoryReader] = [
        .heldPictures: { db, id in
            try await PictureHold.query(on: db).group(.or) { $0.filter(\.$user.$id == id).filter(\.$uploadedBy.$id == id) }
                .with(\.$uploadedBy).sort(\.$createdAt).all().map {
                    HeldRecord(
                        id: try $0.requireID(), createdAt: $0.createdAt, expiresAt: $0.expiresAt,
                        uploadedBy: $0.uploadedBy.name, found: Array(Set($0.findings.map(\.kind.rawValue))).sorted()
                    )
                }
        },
        .pictures: { db, id in
            try await Picture.query(on: db).filter(\.$user.$id == id).with(\.$uploadedBy).sort(\.$createdAt).all().map {
                Record(
                    id: try $0.requireID(),
                    width: $0.width,
                    height: $0.height,
                    contentType: $0.contentType,
                    createdAt: $0.createdAt,
                    uploadedBy: $0.uploadedBy?.name,
                    shownOnlyIn: $0.scope,
                    attribution: $0.attribution
                )
            }
        }
    ]
}
