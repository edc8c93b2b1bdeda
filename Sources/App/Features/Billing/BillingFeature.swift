import Fluent

/// Billing: invoices, kept for the accounting law.
enum BillingFeature: Feature {
    static var migrations: [any Migration] { [CreateInvoice()] }
    static var personIndexes: [(table: String, column: String)] { [("invoices", "user_id")] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: BillingData.declarations, readers: BillingData.readers)
    }
}
