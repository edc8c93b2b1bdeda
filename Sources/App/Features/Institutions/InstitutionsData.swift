/// The personal data of institutions: memberships, invitations to staff, users served.
enum InstitutionsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: StaffMembership.schema,
            category: .institutions,
            columns: [("user_id", .deleteRow)],
            retention: "while the person is staff"
        ),
        PersonalDataDeclaration(
            table: StaffInvitation.schema,
            category: .institutions,
            columns: [("invited_by", .deleteRow)],
            emailColumn: "email",
            retention: "7 days, then kept as answered or expired"
        ),
        PersonalDataDeclaration(
            table: ServedUser.schema,
            category: .institutions,
            columns: [("user_id", .deleteRow), ("added_by", .deleteRow)],
            retention: "while the institution serves the user"
        ),
    ]
}
