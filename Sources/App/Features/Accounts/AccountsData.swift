/// The personal data of accounts: the profile, sessions and mailed tokens.
enum AccountsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: AuthSession.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow)],
            retention: "until sign-out, 14 days unused (60 for a paired device), or 90 days at most"
        ),
        PersonalDataDeclaration(
            table: AccountToken.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow)],
            emailColumn: "email",
            retention: "48 hours (email verification) or 1 hour (password reset)"
        ),
        PersonalDataDeclaration(
            table: User.schema,
            category: .profile,
            columns: [("id", .deleteRow)],
            retention: "while the account is in use; erased 12 months after its last use"
        ),
    ]
}
