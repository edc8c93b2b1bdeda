import Fluent
import Foundation

/// Billing records stay when their person is erased, unlinked from them (policy section 7).
enum BillingData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Invoice.schema,
            category: .billing,
            columns: [("user_id", .setNull)],
            retention: "5 years after the end of the financial year (Bookkeeping Act), then deleted"
        )
    ]
}

extension BillingData {
    struct Record: Encodable, Sendable {
        let number: String
        let buyer: String
        let amountMinor: Int
        let currency: String
        let issuedAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .billing: { db, id in
            try await Invoice.query(on: db).filter(\.$user.$id == id).sort(\.$issuedAt).all().map {
                Record(
                    number: $0.number,
                    buyer: $0.buyer,
                    amountMinor: $0.amountMinor,
                    currency: $0.currency,
                    issuedAt: $0.issuedAt
                )
            }
        }
    ]
}
