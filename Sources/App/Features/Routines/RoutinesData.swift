import Fluent
import Foundation
import MobilizeCore
import SQLKit

/// The personal data of routines: the user's routines, and who made them.
enum RoutinesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Routine.schema,
            category: .routines,
            columns: [("user_id", .deleteRow), ("created_by", .setNull)],
            retention: "until deleted, or with the account"
        )
    ]

    struct Record: Encodable, Sendable {
        let id: UUID
        let name: String
        @NullEncoded var forPerson: String?
        @NullEncoded var createdBy: String?
        let activities: [String]
        let createdAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .routines: { db, id in
            try await Routine.query(on: db).group(.or) { $0.filter(\.$user.$id == id).filter(\.$createdBy.$id == id) }
                .with(\.$user).with(\.$createdBy).sort(\.$createdAt).all().map { routine in
                    Record(
                        id: try routine.requireID(),
                        name: routine.name,
                        forPerson: routine.$user.id == id ? nil : routine.user.name,
                        createdBy: routine.createdBy?.name,
                        activities: routine.items.map { "day \($0.day + 1) \($0.time) \($0.title)" },
                        createdAt: routine.createdAt
                    )
                }
        }
    ]
}
