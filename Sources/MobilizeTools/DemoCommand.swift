import App
import Fluent
import MobilizeCore
import Vapor

/// `mobilize demo`: creates a demo family once (a child in Me, a teenager in PlaNet, two parents
/// and a teacher as planners) and prints the address and the logins.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    static let password = "mobilize-demo"
    static let people: [(email: String, name: String, locale: Language)] = [
        ("mette@example.com", "Mette", .da), ("jonas@example.com", "Jonas", .da), ("anne@example.com", "Anne", .en),
    ]

    var help: String { "Creates the demo family (once) and prints the logins." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if try await User.query(on: app.db).filter(\.$email == Self.people[0].email).first() == nil {
            try await create(on: app)
        }
        try await plan(on: app)
        context.console.print("Mobilize runs at \(app.config.publicURL.absoluteString)")
        context.console.print("Demo logins (password \(Self.password)):")
        context.console.print("  mette@example.com  parent, guardian of Ida (Me) and Oscar (PlaNet)")
        context.console.print("  jonas@example.com  parent, guardian of Ida and Oscar")
        context.console.print("  anne@example.com   teacher, planner of Ida and Oscar, admin of Solsikkeskolen")
    }

    /// The children's weeks (once): Ida's weekday mornings with a checklist, school, swimming and
    /// bedtime; Oscar's school and football. With pictograms when the archive is imported.
    private func plan(on app: Application) async throws {
        let children = try await User.query(on: app.db).filter(\.$email == nil).filter(\.$name ~~ ["Ida", "Oscar"])
            .all()
        guard let ida = children.first(where: { $0.name == "Ida" }),
            let oscar = children.first(where: { $0.name == "Oscar" }),
            try await Activity.query(on: app.db).filter(\.$user.$id ~~ [ida.requireID(), oscar.requireID()]).count()
                == 0,
            let mette = try await User.query(on: app.db).filter(\.$email == Self.people[0].email).first()
        else { return }
        let codes = ["1F305", "1F3EB", "1F3CA", "1F6CF", "1FAA5", "1F455", "1F963", "26BD", "1F4DA"]
        var pictogram: [String: UUID] = [:]
        for found in try await Pictogram.query(on: app.db).filter(\.$code ~~ codes).filter(\.$collection.$id == nil)
            .all()
        {
            if let code = found.code, let id = found.id { pictogram[code] = id }
        }
        let now = app.clock.now
        let today = LocalDateTime(instant: now, in: TimeZone(identifier: "Europe/Copenhagen")!).date
        let weekStart = today.adding(days: -today.weekday).description  // this week's Monday
        func activity(
            _ user: User,
            _ title: String,
            _ time: String,
            _ minutes: Int,
            _ rule: String,
            _ code: String,
            colour: String,
            steps: [(String, String)] = []
        ) throws -> Activity {
            let made = Activity(
                user: try user.requireID(),
                createdBy: try mette.requireID(),
                title: title,
                start: "\(weekStart)T\(time)",
                timeZone: user.timeZone,
                now: now
            )
            made.id = UUID()
            made.durationMinutes = minutes
            made.colour = colour
            made.recurrence = rule
            made.pictogramID = pictogram[code]
            made.steps = steps.map {
                Activity.Step(id: UUID(), text: $0.0, pictogramId: pictogram[$0.1], pictureId: nil)
            }
            made.timer = !steps.isEmpty
            return made
        }
        let weekdays = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        let activities = [
            try activity(
                ida,
                "Morgen",
                "07:00",
                30,
                weekdays,
                "1F305",
                colour: "#F2B84B",
                steps: [("Tøj på", "1F455"), ("Morgenmad", "1F963"), ("Børste tænder", "1FAA5")]
            ),
            try activity(ida, "Skole", "08:00", 360, weekdays, "1F3EB", colour: "#4A90D9"),
            try activity(ida, "Svømning", "16:00", 60, "FREQ=WEEKLY;BYDAY=WE", "1F3CA", colour: "#3FB6A8"),
            try activity(ida, "Sengetid", "19:30", 30, "FREQ=DAILY", "1F6CF", colour: "#8E7CC3"),
            try activity(oscar, "Skole", "08:00", 390, weekdays, "1F3EB", colour: "#4A90D9"),
            try activity(oscar, "Fodbold", "16:30", 90, "FREQ=WEEKLY;BYDAY=TU,TH", "26BD", colour: "#6BAF5B"),
            try activity(oscar, "Lektier", "19:00", 45, "FREQ=WEEKLY;BYDAY=MO,WE", "1F4DA", colour: "#E07A5F"),
        ]
        try await app.db.writeTransaction { db in try await activities.create(on: db) }
    }

    private func create(on app: Application) async throws {
        let hash = try await app.passwordHashing.hash(Self.password)
        let now = app.clock.now
        try await app.db.writeTransaction { db in
            var adults: [User] = []
            for person in Self.people {
                let user = User(
                    email: person.email,
                    passwordHash: hash,
                    name: person.name,
                    locale: person.locale,
                    app: .planet,
                    timeZone: "Europe/Copenhagen",
                    activeAt: now
                )
                user.emailVerifiedAt = now
                try await user.create(on: db)
                adults.append(user)
            }
            let ida = User(
                name: "Ida",
                locale: .da,
                app: .me,
                timeZone: "Europe/Copenhagen",
                birthYear: now.calendarYear - 7,
                activeAt: now
            )
            let oscar = User(
                name: "Oscar",
                locale: .da,
                app: .planet,
                timeZone: "Europe/Copenhagen",
                birthYear: now.calendarYear - 15,
                activeAt: now
            )
            for child in [ida, oscar] {
                try await child.create(on: db)
                let roles: [PlannerRole] = [.guardian, .guardian, .planner]
                for (adult, role) in zip(adults, roles) {
                    try await PlannerLink(
                        userID: child.requireID(),
                        plannerID: adult.requireID(),
                        role: role,
                        createdAt: now
                    ).create(on: db)
                }
            }
            // The demo family has agreed to the policy in force: the adults themselves, the children by Mette.
            for person in adults + [ida, oscar] {
                try await Consent(
                    userID: person.requireID(),
                    givenBy: person.hasLogin ? person.requireID() : adults[0].requireID(),
                    policyVersion: PrivacyPolicy.current.version,
                    action: .given,
                    at: now
                ).create(on: db)
            }
            let school = Institution(name: "Solsikkeskolen", customerNumber: "C10000001", createdAt: now)
            try await school.create(on: db)
            try await StaffMembership(
                institutionID: school.requireID(),
                userID: adults[2].requireID(),
                role: .admin,
                departmentID: nil,
                createdAt: now
            ).create(on: db)
        }
    }
}
