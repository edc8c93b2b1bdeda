import MobilizeCore

/// The README of an export, explaining each file in the person's language.
enum ExportReadme {
    static func text(for language: Language, name: String) -> String {
        let files: [(DataCategory, String, String)] = [
            (
                .profile, "Din profil: navn, e-mail, sprog, app, tidszone, fødselsår og dine valg om behandling.",
                "Your profile: name, email, language, app, time zone, birth year and your choices about processing."
            ),
            (
                .institutions, "De institutioner, du er ansat i, og dem, der har dig som bruger.",
                "The institutions you are staff of, and those that serve you."
            ),
            (
                .relationships, "Dine planlæggere og dem, du planlægger for, med roller og datoer.",
                "Your planners and the people you plan for, with roles and dates."
            ),
            (
                .invitations, "Invitationer, du har sendt, og invitationer til at planlægge med dig.",
                "Invitations you sent, and invitations to plan with you."
            ),
            (
                .sessions, "Hvor du er logget ind: enhed, platform, browser, IP-adresse og tidspunkter.",
                "Where you are signed in: device, platform, browser, IP address and times."
            ),
            (
                .consents, "Dine samtykker til privatlivspolitikken, og hvornår de blev givet eller trukket tilbage.",
                "Your consents to the privacy policy, and when they were given or withdrawn."
            ),
            (
                .pictures, "Dine billeder: størrelse, type og hvem der lagde dem ind.",
                "Your pictures: size, type and who added them."
            ),
            (
                .heldPictures,
                "Billeder, der venter på dit valg, fordi vagten så noget personligt i dem (fx et CPR-nummer): hvad den så, ikke teksten, og hvornår de slettes.",
                "Pictures waiting for your choice because the guard saw something personal in them (such as a CPR number): what it saw, not the text, and when they are deleted."
            ),
            (
                .pictogramNames, "Dine egne navne på piktogrammer.",
                "Your own names for pictograms."
            ),
            (
                .activities,
                "Aktiviteter i din plan (dem du selv lavede, og dem andre lavede for dig) og dem, du lavede for andre.",
                "Activities in your plan (made by you, and by others for you) and those you made for others."
            ),
            (
                .routines, "Rutiner (\"Morgen\", \"Svømmedag\") i din plan, og dem du har lavet for andre.",
                "Routines (\"Morning\", \"Swimming day\") of your plan, and those you made for others."
            ),
            (
                .messages,
                "Beskeder, du har sendt i chatten (PlaNet), med samtale, tidspunkt og billeder; slettede står som slettet.",
                "Messages you sent in chat (PlaNet), with the conversation, time and pictures; deleted ones show as deleted."
            ),
            (
                .goals,
                "Dine mål med trin og fremskridt, mål du har sat op for andre, og fremskridt du har noteret for andre.",
                "Your goals with their steps and progress, goals you set up for others, and progress you noted for others."
            ),
            (
                .rewards,
                "Dine stjerner og hvad der gav dem, dine belønninger og ønsker; belønninger du har sat op for andre, og ønsker du har svaret på.",
                "Your stars and what earned them, your rewards and wishes; rewards you set up for others, and wishes you answered."
            ),
            (
                .reminders,
                "Hvordan du bliver mindet om ting (stille timer, lyd, oplæsning), og påmindelser den seneste måned: hvornår, og om de kom frem.",
                "How you are reminded (quiet hours, sound, reading aloud), and the reminders of the last month: when, and whether they came."
            ),
            (
                .pushSubscriptions,
                "Browsere, der må vise dine påmindelser som notifikationer: hvilken push-tjeneste, og hvornår den sidst fik en.",
                "Browsers that may show your reminders as notifications: which push service, and when one last came."
            ),
            (
                .notices,
                "Mails og sms'er skrevet til dig den seneste måned (fx når en aktivitet ikke blev markeret som gjort), om de blev sendt, dit telefonnummer til sms, og hvordan du vil have besked.",
                "Mails and text messages written to you in the last month (such as an activity not marked done in time), whether they were sent, your phone number for text messages, and how you want to be told."
            ),
            (
                .calendarFeeds,
                "Kalenderabonnementer på din plan, og dem du har på andres planer: hvem der læser, og hvornår sidst.",
                "Calendar subscriptions to your plan, and yours to other people's plans: who reads, and when last."
            ),
            (
                .exports, "Dine tidligere udtræk af data og hvornår de udløber.",
                "Your earlier data exports and when they expire."
            ),
            (
                .billing, "Fakturaer til dig, som bogføringsloven kræver gemt i 5 år.",
                "Invoices to you, which the Bookkeeping Act requires kept for 5 years."
            ),
            (
                .breachNotices, "Besked, vi har sendt om sikkerhedsbrud, der kan have berørt dine data.",
                "Notices we sent about security breaches that may have affected your data."
            ),
            (
                .accessLog, "Hvem der har set eller ændret dine data, hvornår og hvorfra.",
                "Who looked at or changed your data, when, and from where."
            ),
        ]
        switch language {
        case .da:
            return """
                Dine data fra Mobilize, \(name)

                Her er alle de data, vi har om dig, i JSON-filer, som kan åbnes i en teksteditor.
                Om andre personer står kun de navne, der skal til for at forstå dine data.

                \(files.map { "\($0.0.rawValue).json: \($0.1)" }.joined(separator: "\n"))
                pictures/: dine billeder selv, i den største størrelse, vi gemmer; navnet er billedets id i pictures.json.

                Spørgsmål eller rettelser: brug siden om privatliv i appen.
                """
        case .en:
            return """
                Your data from Mobilize, \(name)

                Here is all the data we hold about you, in JSON files that open in any text editor.
                Of other people, only the names needed to understand your data are included.

                \(files.map { "\($0.0.rawValue).json: \($0.2)" }.joined(separator: "\n"))
                pictures/: your pictures themselves, in the largest size we keep; each is named by its id in pictures.json.

                Questions or corrections: use the privacy page in the app.
                """
        }
    }
}
