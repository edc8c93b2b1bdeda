import MobilizeCore
import Testing

/// Who may read, write and manage a circle's conversations, as a table.
@Suite struct ChatPolicyTests {
    static func decide(
        _ actor: ActorKind,
        _ relationship: Relationship,
        guardianActs: Bool = true,
        viewersMayWrite: Bool = false
    ) -> [Decision] {
        ChatAction.allCases.map {
            Policy.decide($0, actor: actor, relationship: relationship, guardianActs: guardianActs, viewersMayWrite: viewersMayWrite)
        }
    }

    @Test func everyoneInTheCircleReadsAndWritesButViewersOnlyReadUnlessAllowed() {
        // [read, write, manage]
        #expect(Self.decide(.person, .planner(.guardian)) == [.allow, .allow, .allow])
        #expect(Self.decide(.person, .planner(.guardian), guardianActs: false) == [.allow, .allow, .forbidden])
        #expect(Self.decide(.person, .planner(.planner)) == [.allow, .allow, .forbidden])
        #expect(Self.decide(.person, .planner(.viewer)) == [.allow, .forbidden, .forbidden])
        #expect(Self.decide(.person, .planner(.viewer), viewersMayWrite: true) == [.allow, .allow, .forbidden])
        #expect(Self.decide(.person, .selfUser, guardianActs: false) == [.allow, .allow, .allow])
        #expect(Self.decide(.person, .selfUser, guardianActs: true) == [.allow, .allow, .forbidden])
        #expect(Self.decide(.device, .selfUser) == [.allow, .allow, .forbidden])
    }

    @Test func nobodyOutsideTheCircleLearnsItExists() {
        for actor in [ActorKind.person, .device] {
            #expect(Self.decide(actor, .none) == [.notFound, .notFound, .notFound])
        }
        #expect(Self.decide(.device, .planner(.guardian)) == [.notFound, .notFound, .notFound])
    }
}
