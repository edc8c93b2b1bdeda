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

    /// To a pupil's guardian: the school would like to plan with the pupil.
    static func enrolment(
        to address: String,
        staff: String,
        institution: String,
        pupil: String,
        link: String,
        in language: Language
    ) -> Mail {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "\(institution) vil gerne planlægge med \(pupil) i Mobilize",
                body: """
                    Hej

                    \(staff) fra \(institution) vil gerne lave dags- og ugeplaner sammen med \(pupil) i Mobilize.
                    Indtil du siger ja, gemmer vi kun navnet og denne invitation, og ingen kan lave en plan.
                    Åbn linket for at se mere og vælge, hvad \(staff) må. Det virker i 14 dage:
                    \(link)

                    Du kan altid afslutte skolens adgang igen fra \(pupil)s side.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "\(institution) would like to plan with \(pupil) in Mobilize",
                body: """
                    Hello

                    \(staff) of \(institution) would like to make day and week plans with \(pupil) in Mobilize.
                    Until you say yes we keep only the name and this invitation, and nobody can make a plan.
                    Open the link to see more and choose what \(staff) may do. It works for 14 days:
                    \(link)

                    You can always end the school's access again from \(pupil)'s page.
                    """
            )
        }
    }
}
