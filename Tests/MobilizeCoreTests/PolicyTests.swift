import MobilizeCore
import Testing

/// The permission check as a table: relationship x action -> decision, for people and devices.
@Suite struct PolicyTests {
    typealias Expectation = (Relationship, Bool, [UserAction: Decision])

    static let all = UserAction.allCases

    static func table(_ allowed: Set<UserAction>, otherwise: Decision = .forbidden) -> [UserAction: Decision] {
        Dictionary(uniqueKeysWithValues: all.map { ($0, allowed.contains($0) ? .allow : otherwise) })
    }

    @Test(
        arguments: [
            (
                Relationship.planner(.guardian), false,
                table(Set(UserAction.allCases).subtracting([.exercisePrivacyRights]))
            ),
            (.planner(.guardian), true, table(Set(UserAction.allCases))),
            (
                .planner(.planner), true,
                table([.read, .listPlanners, .leave, .pairDevice, .manageDevices, .managePictures])
            ),
            (.planner(.viewer), true, table([.read, .listPlanners, .leave])),
            (.selfUser, false, table(Set(UserAction.allCases).subtracting([.leave, .manageLogin]))),
            (.selfUser, true, table([.read])),
            (.none, false, table([], otherwise: .notFound)),
            (.none, true, table([], otherwise: .notFound)),
        ] as [Expectation]
    )
    func aPersonMayDoWhatTheirRelationshipAllows(
        relationship: Relationship,
        guardianActs: Bool,
        expected: [UserAction: Decision]
    ) {
        for action in Self.all {
            #expect(
                Policy.decide(action, actor: .person, relationship: relationship, guardianActs: guardianActs)
                    == expected[action],
                "\(action) as \(relationship), guardian acts \(guardianActs)"
            )
        }
    }

    @Test func aPairedDeviceOnlyReadsItsOwnUser() {
        for action in Self.all {
            let own = Policy.decide(action, actor: .device, relationship: .selfUser, guardianActs: true)
            #expect(own == (action == .read ? .allow : .forbidden))
            #expect(Policy.decide(action, actor: .device, relationship: .none, guardianActs: true) == .notFound)
            #expect(
                Policy.decide(action, actor: .device, relationship: .planner(.guardian), guardianActs: true)
                    == .notFound
            )
        }
    }

    @Test func institutionStaffReadAndAdminsManage() {
        #expect(Policy.decide(.read, actor: .person, staffRole: .staff) == .allow)
        #expect(Policy.decide(.manage, actor: .person, staffRole: .staff) == .forbidden)
        #expect(Policy.decide(.manage, actor: .person, staffRole: .admin) == .allow)
        #expect(Policy.decide(.read, actor: .person, staffRole: nil) == .notFound)
        #expect(Policy.decide(.read, actor: .device, staffRole: nil) == .forbidden)
    }

    @Test func aChildIsUnderAgeUntilCertainlyThirteen() {
        #expect(DigitalConsent.isUnderAge(birthYear: 2019, hasOwnLogin: false, currentYear: 2026))
        #expect(DigitalConsent.isUnderAge(birthYear: 2013, hasOwnLogin: true, currentYear: 2026))
        #expect(!DigitalConsent.isUnderAge(birthYear: 2012, hasOwnLogin: false, currentYear: 2026))
        #expect(DigitalConsent.isUnderAge(birthYear: nil, hasOwnLogin: false, currentYear: 2026))
        #expect(!DigitalConsent.isUnderAge(birthYear: nil, hasOwnLogin: true, currentYear: 2026))
    }
}

@Suite struct PlanPolicyTests {
    @Test func inTheMeAppPlannersPlanAndTheChildTicksOff() {
        func decide(_ action: PlanAction, _ actor: ActorKind, _ relationship: Relationship) -> Decision {
            Policy.decide(action, actor: actor, relationship: relationship, app: .me)
        }
        #expect(decide(.createActivity, .person, .planner(.planner)) == .allow)
        #expect(decide(.changeActivity, .person, .planner(.guardian)) == .allow)
        #expect(decide(.createActivity, .person, .planner(.viewer)) == .forbidden)
        #expect(decide(.read, .person, .planner(.viewer)) == .allow)
        #expect(decide(.tickOff, .device, .selfUser) == .allow)
        #expect(decide(.changeActivity, .device, .selfUser) == .forbidden)
        #expect(decide(.cancelOccurrence, .device, .selfUser) == .forbidden)
        #expect(decide(.read, .person, .none) == .notFound)
        #expect(decide(.read, .device, .planner(.guardian)) == .notFound)
    }

    @Test func inPlaNetTheUserPlansAndPlannersChangeOnlyWhatTheyAdded() {
        func decide(_ action: PlanAction, _ relationship: Relationship, own: Bool) -> Decision {
            Policy.decide(action, actor: .person, relationship: relationship, app: .planet, createdByActor: own)
        }
        #expect(decide(.createActivity, .selfUser, own: false) == .allow)
        #expect(decide(.changeActivity, .selfUser, own: true) == .allow)
        #expect(decide(.changeActivity, .selfUser, own: false) == .forbidden)
        #expect(decide(.createActivity, .planner(.planner), own: false) == .allow)
        #expect(decide(.changeActivity, .planner(.planner), own: true) == .allow)
        #expect(decide(.changeActivity, .planner(.guardian), own: false) == .forbidden)
    }

    @Test func inPlaNetAPlannerNeverCancelsOrTicksOffTheUsersOwnItems() {
        func decide(_ action: PlanAction, _ relationship: Relationship, own: Bool) -> Decision {
            Policy.decide(action, actor: .person, relationship: relationship, app: .planet, createdByActor: own)
        }
        for role in [PlannerRole.guardian, .planner] {
            #expect(decide(.cancelOccurrence, .planner(role), own: false) == .forbidden)
            #expect(decide(.tickOff, .planner(role), own: false) == .forbidden)
            #expect(decide(.cancelOccurrence, .planner(role), own: true) == .allow)
            #expect(decide(.tickOff, .planner(role), own: true) == .allow)
        }
        #expect(decide(.tickOff, .selfUser, own: false) == .allow)
        // In the Me app the planners still cancel whatever is on the child's plan.
        #expect(Policy.decide(.cancelOccurrence, actor: .person, relationship: .planner(.planner), app: .me) == .allow)
    }

    @Test func everyoneWhoReadsThePlanMaySubscribeButNotADevice() {
        for app in [AppKind.me, .planet] {
            for relationship in [Relationship.selfUser, .planner(.guardian), .planner(.planner), .planner(.viewer)] {
                #expect(Policy.decide(.subscribe, actor: .person, relationship: relationship, app: app) == .allow)
            }
            #expect(Policy.decide(.subscribe, actor: .device, relationship: .selfUser, app: app) == .forbidden)
            #expect(Policy.decide(.subscribe, actor: .person, relationship: .none, app: app) == .notFound)
        }
    }
}
