import MobilizeCore

enum CircleMails {
    static func invitation(
        to address: String,
        inviter: String,
        userName: String,
        role: PlannerRole,
        link: String,
        in language: Language
    ) -> Mail {
        switch language {
        case .da:
            let roleName = ["guardian": "forælder/værge", "planner": "planlægger", "viewer": "læser"][role.rawValue]!
            return Mail(
                to: address,
                subject: "\(inviter) inviterer dig til at planlægge med \(userName)",
                body: """
                    Hej

                    \(inviter) inviterer dig til at være \(roleName) for \(userName) i Mobilize.
                    Åbn linket for at tage imod eller sige nej tak. Det virker i 7 dage:
                    \(link)

                    Kender du ikke afsenderen, kan du se bort fra denne mail.
                    """
            )
        case .en:
            let roleName = ["guardian": "guardian", "planner": "planner", "viewer": "viewer"][role.rawValue]!
            return Mail(
                to: address,
                subject: "\(inviter) invites you to plan with \(userName)",
                body: """
                    Hello

                    \(inviter) invites you to be a \(roleName) for \(userName) in Mobilize.
                    Open the link to accept or decline. It works for 7 days:
                    \(link)

                    If you do not know the sender, you can ignore this mail.
                    """
            )
        }
    }
}
