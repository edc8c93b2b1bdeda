import MobilizeCore

/// The account mails, in the recipient's language.
enum AccountMails {
    static func verifyEmail(to address: String, name: String, link: String, in language: Language) -> Mail {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Bekræft din e-mailadresse til Mobilize",
                body: """
                    Hej \(name)

                    Bekræft din e-mailadresse ved at åbne dette link inden for 48 timer:
                    \(link)

                    Har du ikke oprettet en konto hos Mobilize, kan du se bort fra denne mail.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Confirm your email address for Mobilize",
                body: """
                    Hello \(name)

                    Confirm your email address by opening this link within 48 hours:
                    \(link)

                    If you did not create a Mobilize account, you can ignore this mail.
                    """
            )
        }
    }

    static func resetPassword(to address: String, name: String, link: String, in language: Language) -> Mail {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Nulstil din adgangskode til Mobilize",
                body: """
                    Hej \(name)

                    Vælg en ny adgangskode ved at åbne dette link inden for en time:
                    \(link)

                    Har du ikke bedt om det, kan du se bort fra denne mail. Din adgangskode er uændret.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Reset your Mobilize password",
                body: """
                    Hello \(name)

                    Choose a new password by opening this link within one hour:
                    \(link)

                    If you did not ask for this, you can ignore this mail. Your password is unchanged.
                    """
            )
        }
    }
}
