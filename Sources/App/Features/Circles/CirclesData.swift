/// The personal data of circles: who plans with whom, invitations, pairing codes.
enum CirclesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: PlannerLink.schema,
            category: .relationships,
            columns: [("user_id", .deleteRow), ("planner_id", .deleteRow)],
            retention: "until the planner is removed or leaves"
        ),
        PersonalDataDeclaration(
            table: Invitation.schema,
            category: .invitations,
            columns: [("user_id", .deleteRow), ("invited_by", .deleteRow)],
            emailColumn: "email",
            retention: "7 days, then kept as answered or expired until the account is erased"
        ),
        PersonalDataDeclaration(
            table: PairingCode.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow), ("created_by", .deleteRow)],
            retention: "10 minutes"
        ),
    ]
}
