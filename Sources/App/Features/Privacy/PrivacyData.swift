/// The personal data of the privacy engine itself: consents and the access log.
enum PrivacyData {
    static let declarations = [
        PersonalDataDeclaration(
            table: Consent.schema,
            category: .consents,
            columns: [("user_id", .deleteRow), ("given_by", .setNull)],
            retention: "while the account exists"
        ),
        PersonalDataDeclaration(
            table: AccessLogEntry.schema,
            category: .accessLog,
            columns: [("subject_id", .redactAccessLog), ("actor_id", .redactAccessLog)],
            retention: "12 months"
        ),
    ]
}
