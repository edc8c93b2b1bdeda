import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite struct InstitutionsTests {
    @Test func beingStaffGivesNoAccessToAnyPlan() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let served = try await client.post(
                "/api/v1/institutions/\(fixtures.schoolID)/users",
                token: fixtures.schoolAdmin.token,
                json: ["userId": fixtures.child.id.uuidString]
            )
            #expect(served.status == .unprocessableEntity, "the admin is not Ida's guardian")
            try await StaffMembership(
                institutionID: fixtures.schoolID,
                userID: fixtures.guardian.id,
                role: .staff,
                departmentID: nil,
                createdAt: context.clock.now
            ).create(on: context.app.db)
            let linked = try await client.post(
                "/api/v1/institutions/\(fixtures.schoolID)/users",
                token: fixtures.guardian.token,
                json: ["userId": fixtures.child.id.uuidString]
            )
            #expect(linked.status == .created)
            let list = try await client.get(
                "/api/v1/institutions/\(fixtures.schoolID)/users",
                token: fixtures.schoolAdmin.token
            )
            #expect(list.items.map { $0["name"] as? String } == ["Ida"])
            let log = try await client.get(
                "/api/v1/users/\(fixtures.child.id)/access-log",
                token: fixtures.guardian.token
            )
            #expect(
                log.items.contains { $0["actorName"] as? String == "Alma" && $0["actorRole"] as? String == "staff" }
            )
            for token in [fixtures.schoolAdmin.token, fixtures.schoolStaff.token] {
                #expect(try await client.get("/api/v1/users/\(fixtures.child.id)", token: token).status == .notFound)
            }
        }
    }

    @Test func anAdminInvitesStaffWhoAcceptByMail() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let department = try await client.post(
                "/api/v1/institutions/\(fixtures.schoolID)/departments",
                token: fixtures.schoolAdmin.token,
                json: ["name": "Blå stue"]
            )
            #expect(department.status == .created)
            let invited = try await client.post(
                "/api/v1/institutions/\(fixtures.schoolID)/staff-invitations",
                token: fixtures.schoolAdmin.token,
                json: ["email": "stan@example.org", "role": "staff", "departmentId": department["id"] ?? ""]
            )
            #expect(invited.status == .created)
            let token = try #require(await context.mailer.linkToken(to: "stan@example.org"))
            let accepted = try await client.post(
                "/api/v1/staff-invitations/\(token)/accept",
                token: fixtures.stranger.token
            )
            #expect(accepted.status == .ok)
            #expect(accepted["role"] == "staff")
            let staff = try await client.get(
                "/api/v1/institutions/\(fixtures.schoolID)/staff",
                token: fixtures.stranger.token
            )
            #expect(Set(staff.items.compactMap { $0["name"] as? String }) == ["Alma", "Sofus", "Stan"])
            let wrongDepartment = try await client.post(
                "/api/v1/institutions/\(fixtures.schoolID)/staff-invitations",
                token: fixtures.schoolAdmin.token,
                json: ["email": "x@example.org", "role": "staff", "departmentId": UUID().uuidString]
            )
            #expect(wrongDepartment.fieldErrors == ["departmentId"])
        }
    }

    @Test func anInstitutionKeepsItsLastAdmin() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let created = try await context.client.post(
                "/api/v1/institutions",
                token: fixtures.guardian.token,
                json: ["name": "Kommunen"]
            )
            #expect(created["role"] == "admin")
            #expect(created["customerNumber"]?.hasPrefix("C") == true)
            let id = try #require(created["id"])
            let leave = try await context.client.send(
                .DELETE,
                "/api/v1/institutions/\(id)/staff/\(fixtures.guardian.id)",
                token: fixtures.guardian.token
            )
            #expect(leave.status == .conflict)
        }
    }
}
