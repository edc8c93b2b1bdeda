import Fluent
import Vapor

/// A billing record. The Bookkeeping Act keeps it 5 years after the end of its financial year,
/// even when the person it was for has been erased: then it is kept unlinked from them.
final class Invoice: Model, @unchecked Sendable {
    static let schema = "invoices"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @OptionalParent(key: "institution_id") var institution: Institution?
    /// The person who bought, while their account exists.
    @OptionalParent(key: "user_id") var user: User?
    /// The buyer as the invoice names them, which the law requires kept with the invoice.
    @Field(key: "buyer") var buyer: String
    @Field(key: "amount_minor") var amountMinor: Int
    @Field(key: "currency") var currency: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "financial_year_end") var financialYearEnd: Date

    init() {}

    init(
        number: String,
        institutionID: UUID?,
        userID: UUID?,
        buyer: String,
        amountMinor: Int,
        currency: String,
        issuedAt: Date,
        financialYearEnd: Date
    ) {
        self.number = number
        self.$institution.id = institutionID
        self.$user.id = userID
        self.buyer = buyer
        self.amountMinor = amountMinor
        self.currency = currency
        self.issuedAt = issuedAt
        self.financialYearEnd = financialYearEnd
    }
}
