import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Schools enrol the people they serve: a teacher names a pupil and invites the guardians; nothing
/// but the name and the invitation is stored until a guardian accepts (consenting under 13); then
/// the pupil is served in the teacher's group and the teacher plans in the role the guardian chose,
/// until the guardian ends the institution's link.
@Suite struct EnrolmentTests {
    struct School {
        let base: String
        let group: UUID
    }

    /// The fixtures' school with a group "3.B" that Sofus (staff) teaches.
    static func school(_ context: TestContext, _ fixtures: Fixtures) async throws -> School {
        let base = "/api/v1/institutions/\(fixtures.schoolID)"
        let made = try await context.client.post("\(base)/departments", token: fixtures.schoolAdmin.token, json: ["name": "3.B"])
        let group = try #require(made["id"].flatMap(UUID.init(uuidString:)))
        let membership = try #require(
            try await StaffMembership.query(on: context.app.db).filter(\.$user.$id == fixtures.schoolStaff.id).first()
        )
        membership.$department.id = group
        try await membership.update(on: context.app.db)
        return School(base: base, group: group)
    }

    @Test func aTeacherEnrolsAPupilTheGuardianAcceptsFromTheMailAndCanEndItAgain() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let school = try await Self.school(context, fixtures)
            let teacher = fixtures.schoolStaff.token
            let enrolled = try await client.post(
                "\(school.base)/enrolments",
                token: teacher,
                json: [
                    "name": "Emil", "birthYear": context.clock.now.calendarYear - 9,
                    "guardianEmails": ["gina@example.org", "Dad@Example.org"],
                ]
            )
            #expect(enrolled.status == .created)
            #expect(enrolled["status"] == "pending" && enrolled["departmentId"] == school.group.uuidString)
            #expect(enrolled.json["invited"] as? [String] == ["g•••@example.org", "d•••@example.org"])
            // Nothing but the name and the invitations: no account, no plan, nobody served yet.
            #expect(try await User.query(on: context.app.db).filter(\.$name == "Emil").count() == 0)
            #expect(try await client.get("\(school.base)/users", token: teacher).items.isEmpty)
            #expect(try await client.get("\(school.base)/enrolments", token: teacher).items.count == 1)

            let token = try #require(await context.mailer.linkToken(to: "gina@example.org"))
            #expect(await context.mailer.last(to: "gina@example.org")?.body.contains("Sofus") == true)
            let preview = try await client.get("/api/v1/enrolment-invitations/\(token)", token: fixtures.guardian.token)
            #expect(preview["pupilName"] == "Emil" && preview.json["forYou"] as? Bool == true)
            let stolen = try await client.post(
                "/api/v1/enrolment-invitations/\(token)/accept",
                token: fixtures.stranger.token,
                json: ["staffRole": "planner"]
            )
            #expect(stolen.status == .forbidden && stolen["type"] == "/problems/invitation-for-another-address")
            let strangerPreview = try await client.get("/api/v1/enrolment-invitations/\(token)", token: fixtures.stranger.token)
            #expect(strangerPreview["pupilName"] == "", "the pupil's name is for the guardian it was sent to")
            let noConsent = try await client.post(
                "/api/v1/enrolment-invitations/\(token)/accept",
                token: fixtures.guardian.token,
                json: ["staffRole": "planner"]
            )
            #expect(noConsent.status == .unprocessableEntity, "under 13 the guardian consents")
            #expect(try await User.query(on: context.app.db).filter(\.$name == "Emil").count() == 0)
            let accepted = try await client.post(
                "/api/v1/enrolment-invitations/\(token)/accept",
                token: fixtures.guardian.token,
                json: ["staffRole": "planner", "policyVersion": PrivacyPolicy.current.version]
            )
            #expect(accepted.status == .ok)
            let emil = try #require(accepted["id"])
            let again = try await client.post(
                "/api/v1/enrolment-invitations/\(token)/accept",
                token: fixtures.guardian.token,
                json: ["staffRole": "planner", "policyVersion": PrivacyPolicy.current.version]
            )
            #expect(again.status == .badRequest && again["type"] == "/problems/invalid-token")

            // The pupil is under People served in the group; the teacher plans, the admin sees only the name.
            let served = try await client.get("\(school.base)/users", token: teacher)
            #expect(served.items.map { $0["name"] as? String } == ["Emil"])
            #expect(served.items.first?["departmentId"] as? String == school.group.uuidString)
            #expect(try await client.get("\(school.base)/users", token: fixtures.schoolAdmin.token).items.count == 1)
            let plan = "/api/v1/users/\(emil)/plan?from=2026-11-16&to=2026-11-22"
            #expect(try await client.get(plan, token: teacher).status == .ok)
            #expect(try await client.get(plan, token: fixtures.schoolAdmin.token).status == .notFound)
            let planners = try await client.get("/api/v1/users/\(emil)/planners", token: fixtures.guardian.token)
            #expect(Set(planners.items.compactMap { $0["role"] as? String }) == ["guardian", "planner"])
            let institutions = try await client.get("/api/v1/users/\(emil)/institutions", token: fixtures.guardian.token)
            #expect(institutions.items.first?["name"] as? String == "School")
            #expect(institutions.items.first?["planners"] as? [String] == ["Sofus"])

            // The guardian ends the school's link: the teacher's planning ends at once with it.
            let ended = try await client.send(.DELETE, "\(school.base)/users/\(emil)", token: fixtures.guardian.token)
            #expect(ended.status == .noContent)
            #expect(try await client.get(plan, token: teacher).status == .notFound)
            #expect(try await client.get("\(school.base)/users", token: teacher).items.isEmpty)
            #expect(try await client.get("/api/v1/users/\(emil)/institutions", token: fixtures.guardian.token).items.isEmpty)
        }
    }

    @Test func aSecondGuardianJoinsTheSamePupilAndAChildOfOnesOwnCanBeChosen() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let school = try await Self.school(context, fixtures)
            _ = try await client.post(
                "\(school.base)/enrolments",
                token: fixtures.schoolStaff.token,
                json: ["name": "Ida", "guardianEmails": ["gina@example.org", "paul@example.org"]]
            )
            // Gina chooses Ida, whom she is guardian of already, and lets the teacher only look.
            let gina = try #require(await context.mailer.linkToken(to: "gina@example.org"))
            let accepted = try await client.post(
                "/api/v1/enrolment-invitations/\(gina)/accept",
                token: fixtures.guardian.token,
                json: ["staffRole": "viewer", "userId": fixtures.child.id.uuidString]
            )
            #expect(accepted.status == .ok && accepted["id"] == fixtures.child.id.uuidString)
            #expect(try await User.query(on: context.app.db).filter(\.$name == "Ida").count() == 1, "no second Ida")
            let teacherRole = try await PlannerLink.query(on: context.app.db).filter(\.$user.$id == fixtures.child.id)
                .filter(\.$planner.$id == fixtures.schoolStaff.id).first()?.role
            #expect(teacherRole == .viewer)
            // Paul accepts his own invitation: he becomes a guardian of the same pupil.
            let paul = try #require(await context.mailer.linkToken(to: "paul@example.org"))
            let second = try await client.post(
                "/api/v1/enrolment-invitations/\(paul)/accept",
                token: fixtures.planner.token,
                json: ["staffRole": "none"]
            )
            #expect(second.status == .ok && second["id"] == fixtures.child.id.uuidString)
            // A child one is not guardian of cannot be chosen.
            _ = try await client.post(
                "\(school.base)/enrolments",
                token: fixtures.schoolStaff.token,
                json: ["name": "Otto", "guardianEmails": ["stan@example.org"]]
            )
            let stan = try #require(await context.mailer.linkToken(to: "stan@example.org"))
            let wrong = try await client.post(
                "/api/v1/enrolment-invitations/\(stan)/accept",
                token: fixtures.stranger.token,
                json: ["staffRole": "planner", "userId": fixtures.child.id.uuidString]
            )
            #expect(wrong.status == .unprocessableEntity)
        }
    }

    @Test func badEnrolmentsAreClearProblemsThatStoreNothing() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let client = context.client
            let school = try await Self.school(context, fixtures)
            let teacher = fixtures.schoolStaff.token
            let other = try await client.post("\(school.base)/departments", token: fixtures.schoolAdmin.token, json: ["name": "5.A"])
            for (body, field) in [
                (["name": "Emil", "guardianEmails": [String]()], "guardianEmails"),
                (["name": "Emil", "guardianEmails": ["a@b.dk", "c@d.dk", "e@f.dk", "g@h.dk", "i@j.dk"]], "guardianEmails"),
                (["name": "Emil", "guardianEmails": ["not an address"]], "guardianEmails[0]"),
                (["name": "Emil", "guardianEmails": ["a@b.dk", "A@B.dk"]], "guardianEmails"),
                (["name": "", "guardianEmails": ["a@b.dk"]], "name"),
                (["name": "Emil", "birthYear": 1800, "guardianEmails": ["a@b.dk"]], "birthYear"),
                (["name": "Emil", "guardianEmails": ["a@b.dk"], "departmentId": UUID().uuidString], "departmentId"),
                (["name": "Emil", "guardianEmails": ["a@b.dk"], "departmentId": other["id"] ?? ""], "departmentId"),
            ] as [([String: any Sendable], String)] {
                let reply = try await client.post("\(school.base)/enrolments", token: teacher, json: body)
                #expect(reply.status == .unprocessableEntity, "\(body)")
                #expect(reply.fieldErrors.contains(field), "\(body): \(reply.fieldErrors)")
            }
            #expect(try await client.post("\(school.base)/enrolments", token: fixtures.guardian.token, json: ["name": "E", "guardianEmails": ["a@b.dk"]]).status == .notFound)
            #expect(try await Enrolment.query(on: context.app.db).count() == 0)
            #expect(await context.mailer.sent.isEmpty)

            // Withdrawn by the one who made it (not by another teacher): the link stops working.
            let made = try await client.post("\(school.base)/enrolments", token: teacher, json: ["name": "Emil", "guardianEmails": ["gina@example.org"]])
            let id = try #require(made["id"])
            let token = try #require(await context.mailer.linkToken(to: "gina@example.org"))
            let badRole = try await client.post(
                "/api/v1/enrolment-invitations/\(token)/accept",
                token: fixtures.guardian.token,
                json: ["staffRole": "boss"]
            )
            #expect(badRole.status == .unprocessableEntity)
            #expect(try await client.send(.DELETE, "\(school.base)/enrolments/\(id)", token: teacher).status == .noContent)
            let late = try await client.get("/api/v1/enrolment-invitations/\(token)", token: fixtures.guardian.token)
            #expect(late.status == .badRequest && late["type"] == "/problems/invalid-token")
            #expect(try await client.get("\(school.base)/enrolments", token: teacher).items.isEmpty)
            // Unanswered, the pupil's name goes after 30 days with its invitations.
            _ = try await client.post("\(school.base)/enrolments", token: teacher, json: ["name": "Alma", "guardianEmails": ["x@y.dk"]])
            context.clock.advance(by: Enrolment.unansweredLifetime + 1)
            try await PrivacyJobs(app: context.app).run()
            #expect(try await Enrolment.query(on: context.app.db).count() == 0)
            #expect(try await EnrolmentInvitation.query(on: context.app.db).count() == 0)
        }
    }
}
