import Fluent
import Foundation

/// The personal data of the pictogram archive: a person's own names for pictograms, and who on
/// an institution's staff added a pictogram to its collection.
enum PictogramsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: PictogramAlternateName.schema,
            category: .pictogramNames,
            columns: [("user_id", .deleteRow)],
            retention: "until changed, or with the account"
        ),
        PersonalDataDeclaration(
            table: Pictogram.schema,
            category: .institutions,
            columns: [("added_by", .setNull)],
            retention: "the institution's pictogram stays; who added it is forgotten with the account"
        ),
    ]

    struct Record: Encodable, Sendable {
        let pictogramId: UUID
        let name: String
        let updatedAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .pictogramNames: { db, id in
            try await PictogramAlternateName.query(on: db).filter(\.$user.$id == id).sort(\.$updatedAt).all().map {
                Record(pictogramId: $0.$pictogram.id, name: $0.name, updatedAt: $0.updatedAt)
            }
        }
    ]
}
