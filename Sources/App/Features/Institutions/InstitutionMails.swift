import MobilizeCore

enum InstitutionMails {
    static func staffInvitation(
        to address: String,
        inviter: String,
        institution: String,
        link: String,
        in language: Language
    )
        -> Mail
    {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Invitation til \(institution) i Mobilize",
                body: """
                    Hej

                    \(inviter) inviterer dig til at blive medarbejder i \(institution) i Mobilize.
                    Åbn linket for at tage imod. Det virker i 7 dage:
                    \(link)
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Invitation to \(institution) in Mobilize",
                body: """
                    Hello

                    \(inviter) invites you to join \(institution) as staff in Mobilize.
                    Open the link to accept. It works for 7 days:
                    \(link)
                    """
            )
        }
    }
}
