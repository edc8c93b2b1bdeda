import Fluent
import Foundation
import MobilizeCore
import VaporTesting

@testable import App

/// A family, a school and a stranger, with a signed-in session for each.
struct Fixtures {
    static let password = "correct horse battery"

    struct Person {
        let id: UUID
        let email: String?
        let token: String
    }

    let guardian: Person
    let planner: Person
    let viewer: Person
    /// Signed in through a paired device; under 13, no login of their own.
    let child: Person
    /// 15 years old, with their own login.
    let teen: Person
    /// A planner of another user, nobody here.
    let stranger: Person
    let schoolAdmin: Person
    let schoolStaff: Person
    let schoolID: UUID

    static func make(_ context: TestContext) async throws -> Fixtures {
        let app = context.app
        let db = app.db
        let hash = try await app.passwordHashing.hash(password)
        let now = context.clock.now
        func person(_ name: String, birthYear: Int? = nil) async throws -> User {
            let user = User(
                email: "\(name.lowercased())@example.org",
                passwordHash: hash,
                name: name,
                locale: .en,
                app: .planet,
                timeZone: "Europe/Copenhagen",
                birthYear: birthYear,
                activeAt: now
            )
            user.emailVerifiedAt = now
            try await user.create(on: db)
            return user
        }
        let guardian = try await person("Gina")
        let planner = try await person("Paul")
        let viewer = try await person("Vera")
        let stranger = try await person("Stan")
        let teen = try await person("Tove", birthYear: now.calendarYear - 15)
        let admin = try await person("Alma")
        let staff = try await person("Sofus")
        let child = User(
            name: "Ida",
            locale: .da,
            app: .me,
            timeZone: "Europe/Copenhagen",
            birthYear: now.calendarYear - 7,
            activeAt: now
        )
        try await child.create(on: db)
        let otherChild = User(name: "Otto", locale: .da, app: .me, timeZone: "Europe/Copenhagen", activeAt: now)
        try await otherChild.create(on: db)
        for (subject, planning, role) in [
            (child, guardian, PlannerRole.guardian), (child, planner, .planner), (child, viewer, .viewer),
            (teen, guardian, .guardian), (teen, planner, .planner), (otherChild, stranger, .guardian),
        ] {
            try await PlannerLink(
                userID: subject.requireID(),
                plannerID: planning.requireID(),
                role: role,
                createdAt: now
            )
            .create(on: db)
        }
        let school = Institution(name: "School", customerNumber: "C12345678", createdAt: now)
        try await school.create(on: db)
        for (member, role) in [(admin, StaffRole.admin), (staff, .staff)] {
            try await StaffMembership(
                institutionID: school.requireID(),
                userID: member.requireID(),
                role: role,
                departmentID: nil,
                createdAt: now
            ).create(on: db)
        }
        let client = context.client
        func signedIn(_ user: User) async throws -> Person {
            Person(id: try user.requireID(), email: user.email, token: try await client.login(user.email!))
        }
        let guardianPerson = try await signedIn(guardian)
        let code = try await client.post(
            "/api/v1/users/\(child.requireID())/pairing-codes",
            token: guardianPerson.token
        )
        let paired = try await client.post(
            "/api/v1/auth/pair",
            json: ["code": code["code"] ?? "", "deviceName": "iPad"]
        )
        return Fixtures(
            guardian: guardianPerson,
            planner: try await signedIn(planner),
            viewer: try await signedIn(viewer),
            child: Person(id: try child.requireID(), email: nil, token: paired["token"] ?? ""),
            teen: try await signedIn(teen),
            stranger: try await signedIn(stranger),
            schoolAdmin: try await signedIn(admin),
            schoolStaff: try await signedIn(staff),
            schoolID: try school.requireID()
        )
    }
}
