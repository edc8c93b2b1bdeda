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
        context.console.print("Mobilize runs at \(app.config.publicURL.absoluteString)")
        context.console.print("Demo logins (password \(Self.password)):")
        context.console.print("  mette@example.com  parent, guardian of Ida (Me) and Oscar (PlaNet)")
        context.console.print("  jonas@example.com  parent, guardian of Ida and Oscar")
        context.console.print("  anne@example.com   teacher, planner of Ida and Oscar, admin of Solsikkeskolen")
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
