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

    /// To the owner of an address someone tried to register again: nothing was changed.
    static func registrationAttempt(to address: String, name: String, signIn: String, reset: String, in language: Language)
        -> Mail
    {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Nogen prøvede at oprette en konto med din e-mailadresse",
                body: """
                    Hej \(name)

                    Nogen prøvede lige at oprette en ny Mobilize-konto med din e-mailadresse. Du har \
                    allerede en konto, så der er ikke oprettet noget, og intet er ændret.

                    Var det dig, kan du logge ind her:
                    \(signIn)

                    Har du glemt din adgangskode, kan du vælge en ny her:
                    \(reset)

                    Var det ikke dig, kan du se bort fra denne mail.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Someone tried to create an account with your email address",
                body: """
                    Hello \(name)

                    Someone just tried to create a new Mobilize account with your email address. You \
                    already have an account, so nothing was created and nothing has changed.

                    If it was you, you can sign in here:
                    \(signIn)

                    If you have forgotten your password, you can choose a new one here:
                    \(reset)

                    If it was not you, you can ignore this mail.
                    """
            )
        }
    }

    /// To the owner of an address someone asked to move another account to: nothing was changed.
    static func addressInUse(to address: String, name: String, in language: Language) -> Mail {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Din e-mailadresse blev foreslået til en anden Mobilize-konto",
                body: """
                    Hej \(name)

                    Nogen bad om at bruge din e-mailadresse til en anden Mobilize-konto. Adressen hører \
                    allerede til din konto, så intet er ændret.

                    Var det dig, så log ind på den konto, der har adressen. Ellers kan du se bort fra \
                    denne mail.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Your email address was suggested for another Mobilize account",
                body: """
                    Hello \(name)

                    Someone asked to use your email address for another Mobilize account. The address \
                    already belongs to your account, so nothing has changed.

                    If it was you, sign in to the account that has this address. Otherwise you can \
                    ignore this mail.
                    """
            )
        }
    }

    /// To a young person whose guardian gave them a sign-in by address: they choose the password.
    static func setupLogin(to address: String, name: String, guardian: String, link: String, in language: Language)
        -> Mail
    {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Din egen adgang til Mobilize",
                body: """
                    Hej \(name)

                    \(guardian) har givet dig din egen adgang til Mobilize, så du kan se og lave din egen uge.
                    Vælg din adgangskode ved at åbne dette link inden for 48 timer:
                    \(link)

                    Derefter logger du ind med denne e-mailadresse og din adgangskode.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Your own sign-in to Mobilize",
                body: """
                    Hello \(name)

                    \(guardian) has given you your own sign-in to Mobilize, so you can see and plan your own week.
                    Choose your password by opening this link within 48 hours:
                    \(link)

                    After that you sign in with this email address and your password.
                    """
            )
        }
    }
}
