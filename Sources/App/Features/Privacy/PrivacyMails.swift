import Foundation
import MobilizeCore

/// The privacy engine's mails, in the recipient's language.
enum PrivacyMails {
    static func day(_ date: Date, _ language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .da ? "da_DK" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        formatter.dateStyle = .long
        return formatter.string(from: date)
    }

    static func retentionWarning(
        to address: String,
        name: String,
        on date: Date,
        link: String,
        in language: Language
    )
        -> Mail
    {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Mobilize sletter snart data for \(name)",
                body: """
                    Hej

                    Kontoen for \(name) har ikke været brugt i 11 måneder. Vi gemmer ikke data længere end nødvendigt,
                    så kontoen og alle dens data bliver slettet den \(day(date, language)).

                    Vil du beholde den, skal du bare logge ind eller åbne planen inden da:
                    \(link)
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Mobilize will soon delete the data of \(name)",
                body: """
                    Hello

                    The account of \(name) has not been used for 11 months. We keep data no longer than needed,
                    so the account and all its data will be deleted on \(day(date, language)).

                    To keep it, just sign in or open the plan before then:
                    \(link)
                    """
            )
        }
    }

    static func breach(
        to address: String,
        name: String,
        reason: String,
        from: Date,
        until: Date,
        in language: Language
    )
        -> Mail
    {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Vigtigt: et sikkerhedsbrud kan have berørt data om \(name)",
                body: """
                    Hej

                    Vi skriver, fordi et sikkerhedsbrud hos Mobilize kan have berørt data om \(name).
                    Det skete mellem \(day(from, language)) og \(day(until, language)).

                    Hvad der skete: \(reason)

                    Du kan se, hvem der har set dataene, på siden om privatliv i appen. Har du spørgsmål, så svar på
                    denne mail. Du kan også klage til Datatilsynet.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Important: a security breach may have affected data about \(name)",
                body: """
                    Hello

                    We are writing because a security breach at Mobilize may have affected data about \(name).
                    It happened between \(day(from, language)) and \(day(until, language)).

                    What happened: \(reason)

                    You can see who looked at the data on the privacy page of the app. If you have questions, reply to
                    this mail. You may also complain to the Danish Data Protection Agency (Datatilsynet).
                    """
            )
        }
    }

    static func confirmNewEmail(to address: String, name: String, link: String, in language: Language) -> Mail {
        switch language {
        case .da:
            Mail(
                to: address,
                subject: "Bekræft din nye e-mailadresse til Mobilize",
                body: """
                    Hej \(name)

                    Åbn linket inden for 48 timer for at skifte din e-mailadresse i Mobilize til denne:
                    \(link)

                    Har du ikke bedt om det, kan du se bort fra denne mail.
                    """
            )
        case .en:
            Mail(
                to: address,
                subject: "Confirm your new email address for Mobilize",
                body: """
                    Hello \(name)

                    Open the link within 48 hours to change your email address in Mobilize to this one:
                    \(link)

                    If you did not ask for this, you can ignore this mail.
                    """
            )
        }
    }
}
