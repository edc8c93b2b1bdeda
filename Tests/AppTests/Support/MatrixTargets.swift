import Fluent
import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import VaporTesting

@testable import App

/// Who calls in a row of the authorization matrix. The `spare` actors are made new for their
/// row, so a row that changes things (leaving, accepting) spoils no other row.
enum MatrixActor: String, Sendable, CaseIterable {
    case anonymous, guardian, planner, viewer, child, teen, stranger, schoolAdmin, schoolStaff
    /// A new adult with no relationships.
    case spareAdult
    /// A new planner of the child.
    case sparePlanner
    /// A new adult who is staff of the school and guardian of the child.
    case staffGuardian
    /// A new session of the guardian, or a new paired device of the child.
    case freshGuardian, freshDevice
}

/// Resolves `{placeholders}` of a row's path and body. Some placeholders create what they name
/// (a spare planner, an invitation, a device) so that each row acts on its own target.
struct MatrixTargets {
    let context: TestContext
    let fixtures: Fixtures
    /// The goal a row made last, for the step and entry that follow it in the same path.
    let lastGoal = NIOLockedValueBox<(goal: Goal, step: UUID, entry: UUID)?>(nil)

    var db: any Database { context.app.db }
    var now: Date { context.clock.now }

    func token(for actor: MatrixActor) async throws -> (token: String?, id: UUID?) {
        switch actor {
        case .anonymous: return (nil, nil)
        case .guardian: return (fixtures.guardian.token, fixtures.guardian.id)
        case .planner: return (fixtures.planner.token, fixtures.planner.id)
        case .viewer: return (fixtures.viewer.token, fixtures.viewer.id)
        case .child: return (fixtures.child.token, fixtures.child.id)
        case .teen: return (fixtures.teen.token, fixtures.teen.id)
        case .stranger: return (fixtures.stranger.token, fixtures.stranger.id)
        case .schoolAdmin: return (fixtures.schoolAdmin.token, fixtures.schoolAdmin.id)
        case .schoolStaff: return (fixtures.schoolStaff.token, fixtures.schoolStaff.id)
        case .freshGuardian:
            return (try await context.client.login(fixtures.guardian.email!), fixtures.guardian.id)
        case .freshDevice: return (try await pairedDevice().token, fixtures.child.id)
        case .spareAdult:
            let adult = try await adult()
            return (try await context.client.login(adult.email!), try adult.requireID())
        case .sparePlanner:
            let adult = try await adult()
            try await link(adult, to: fixtures.child.id, role: .planner)
            return (try await context.client.login(adult.email!), try adult.requireID())
        case .staffGuardian:
            let adult = try await adult()
            try await link(adult, to: fixtures.child.id, role: .guardian)
            try await StaffMembership(
                institutionID: fixtures.schoolID,
                userID: adult.requireID(),
                role: .staff,
                departmentID: nil,
                createdAt: now
            ).create(on: db)
            return (try await context.client.login(adult.email!), try adult.requireID())
        }
    }

    func resolve(_ template: String, actorID: UUID?) async throws -> String {
        var text = template
        let fixed: [String: UUID?] = [
            "child": fixtures.child.id, "teen": fixtures.teen.id, "guardian": fixtures.guardian.id,
            "planner": fixtures.planner.id, "viewer": fixtures.viewer.id, "school": fixtures.schoolID,
            "me": actorID, "schoolAdmin": fixtures.schoolAdmin.id, "random": UUID(),
        ]
        for (name, id) in fixed { text = text.replacingOccurrences(of: "{\(name)}", with: id?.uuidString ?? "-") }
        while let range = text.range(of: #"\{[a-zA-Z]+\}"#, options: .regularExpression) {
            let name = String(text[range].dropFirst().dropLast())
            text.replaceSubrange(range, with: try await make(name, actorID: actorID))
        }
        return text
    }

    private func make(_ name: String, actorID: UUID?) async throws -> String {
        switch name {
        case "spare":
            let adult = try await adult()
            try await link(adult, to: fixtures.child.id, role: .viewer)
            return try adult.requireID().uuidString
        case "spareChild":
            let child = User(name: "Spare", locale: .da, app: .me, timeZone: "Europe/Copenhagen")
            try await child.create(on: db)
            for (planner, role) in [(fixtures.guardian.id, PlannerRole.guardian), (fixtures.planner.id, .planner)] {
                try await PlannerLink(userID: child.requireID(), plannerID: planner, role: role, createdAt: now)
                    .create(on: db)
            }
            return try child.requireID().uuidString
        case "myPush", "strangerPush":
            // A browser's subscription of the actor (or of the stranger), on one of the owner's sessions.
            let owner = name == "myPush" ? (actorID ?? fixtures.guardian.id) : fixtures.stranger.id
            guard let session = try await AuthSession.query(on: db).filter(\.$user.$id == owner).first() else {
                throw Abort(.internalServerError, reason: "the owner has no session")
            }
            let subscription = PushSubscription()
            subscription.$user.id = owner
            subscription.$session.id = try session.requireID()
            subscription.endpoint = "https://fcm.googleapis.com/fcm/send/\(UUID().uuidString)"
            subscription.p256dh = PushTests.browserKey
            subscription.auth = PushTests.browserAuth
            subscription.createdAt = now
            subscription.failures = 0
            try await subscription.create(on: db)
            return try subscription.requireID().uuidString
        case "myExport", "readyExport":
            let owner = actorID ?? fixtures.guardian.id
            let export = DataExport(userID: owner, requestedBy: owner, createdAt: now)
            if name == "readyExport" {
                export.status = .ready
                try await export.create(on: db)
                let path = ExportBuilder.path(of: try export.requireID(), in: context.app.config.dataDirectory)
                try FileManager.default.createDirectory(
                    at: path.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data("PK".utf8).write(to: path)
            } else {
                try await export.create(on: db)
            }
            return try export.requireID().uuidString
        case "guardianExport":
            let export = DataExport(userID: fixtures.guardian.id, requestedBy: fixtures.guardian.id, createdAt: now)
            try await export.create(on: db)
            return try export.requireID().uuidString
        case "childExport":
            let export = DataExport(userID: fixtures.child.id, requestedBy: fixtures.guardian.id, createdAt: now)
            try await export.create(on: db)
            return try export.requireID().uuidString
        case "childPicture":
            let uploaded = try await context.client.upload(
                "/api/v1/users/\(fixtures.child.id)/pictures",
                token: fixtures.guardian.token,
                data: try ImagePipeline.testJPEG(width: 64 + Int.random(in: 0..<64), height: 64)
            )
            return uploaded["id"] ?? ""
        case "childHold":
            // A photo of the child the guardian uploaded and the guard held, made here without
            // reading it (PictureGuardTests reads).
            let photo = try ImagePipeline.testJPEG(width: 96, height: 64)
            let hold = PictureHold()
            hold.$user.id = fixtures.child.id
            hold.$uploadedBy.id = fixtures.guardian.id
            hold.sourceHash = FileMediaStore.key(of: photo + Data(UUID().uuidString.utf8))
            hold.thumbKey = try await context.app.media.put(try ImagePipeline.render(photo, maxSize: 256).data)
            hold.displayKey = hold.thumbKey
            hold.originalKey = hold.thumbKey
            hold.contentType = "image/jpeg"
            (hold.width, hold.height, hold.bytes) = (96, 64, photo.count)
            hold.findingsJSON = #"[{"kind":"cpr","box":{"x":8,"y":8,"width":40,"height":12}}]"#
            (hold.createdAt, hold.expiresAt) = (now, now.addingTimeInterval(PictureHold.lifetime))
            try await hold.create(on: db)
            return try hold.requireID().uuidString
        case "teenCircle", "childCircle":
            let user = name == "teenCircle" ? fixtures.teen.id : fixtures.child.id
            return try await ChatAccess.circleConversation(of: user, on: db, now: now).requireID().uuidString
        case "teenDirect":
            let made = Conversation(circleUser: fixtures.teen.id, between: (fixtures.teen.id, fixtures.planner.id), now: now)
            if let found = try await Conversation.query(on: db).filter(\.$pairKey == made.pairKey).first() {
                return try found.requireID().uuidString
            }
            try await made.create(on: db)
            return try made.requireID().uuidString
        case "teenMessage":
            let circle = try await make("teenCircle", actorID: nil)
            let sent = try await context.client.post(
                "/api/v1/conversations/\(circle)/messages",
                token: fixtures.teen.token,
                json: ["clientKey": UUID().uuidString, "text": "Can we move football?"]
            )
            return sent["id"] ?? ""
        case "teenChatPicture":
            let circle = try await make("teenCircle", actorID: nil)
            let uploaded = try await context.client.upload(
                "/api/v1/conversations/\(circle)/pictures",
                token: fixtures.teen.token,
                data: try ImagePipeline.testJPEG(width: 64 + Int.random(in: 0..<64), height: 64)
            )
            return uploaded["id"] ?? ""
        case "teenGoal", "childGoal":
            // A goal with a step and an entry: the teen's own, or one the guardian set up for the child.
            let (user, creator) = name == "teenGoal" ? (fixtures.teen.id, fixtures.teen.id) : (fixtures.child.id, fixtures.guardian.id)
            let goal = Goal(user: user, createdBy: creator, now: now)
            goal.title = "Pack my bag"
            goal.measure = .count(target: 4, period: .week)
            try await goal.create(on: db)
            let step = GoalStep(goal: try goal.requireID(), user: user, position: 0, text: "Make a list")
            try await step.create(on: db)
            let entry = GoalProgressEntry()
            entry.$goal.id = try goal.requireID()
            entry.$user.id = user
            entry.$recordedBy.id = creator
            entry.kind = "tick"
            entry.amount = 1
            entry.localDate = "2026-11-18"
            entry.recordedAt = now
            try await entry.create(on: db)
            lastGoal.withLockedValue { $0 = (goal, try! step.requireID(), try! entry.requireID()) }
            return try goal.requireID().uuidString
        case "goalStep":
            return lastGoal.withLockedValue { $0?.step.uuidString } ?? "-"
        case "goalEntry":
            return lastGoal.withLockedValue { $0?.entry.uuidString } ?? "-"
        case "childActivity":
            return try await activity(for: fixtures.child.id, by: fixtures.guardian.id).uuidString
        case "myFeed", "guardianFeed", "guardianFeedToken":
            let token = Secret.token()
            let maker = name == "myFeed" ? actorID ?? fixtures.guardian.id : fixtures.guardian.id
            let feed = CalendarFeed(
                user: fixtures.child.id,
                createdBy: maker,
                tokenHash: Secret.hash(token),
                createdAt: now
            )
            try await feed.create(on: db)
            return name == "guardianFeedToken" ? token : try feed.requireID().uuidString
        case "childDay", "teenDay":
            // A day with an activity on it (a daily one from 1 December).
            let user = name == "childDay" ? fixtures.child.id : fixtures.teen.id
            let creator = name == "childDay" ? fixtures.guardian.id : fixtures.teen.id
            _ = try await activity(for: user, by: creator)
            return "2026-12-02"
        case "childRoutine":
            let activity = Activity(
                user: fixtures.child.id,
                createdBy: fixtures.guardian.id,
                title: "Shoes on",
                start: "2026-12-01T07:45",
                timeZone: "Europe/Copenhagen",
                now: now
            )
            let routine = Routine(
                user: fixtures.child.id,
                createdBy: fixtures.guardian.id,
                name: "Morning",
                items: [Blueprint(activity, start: LocalDateTime(iso: activity.start)!, day: 0)],
                now: now
            )
            try await routine.create(on: db)
            return try routine.requireID().uuidString
        case "childWithPin":
            // The child, once the guardian has chosen a child-mode PIN.
            try await User.query(on: db).filter(\.$id == fixtures.guardian.id)
                .set(\.$childModePinHash, to: try await context.app.passwordHashing.hash("2468")).update()
            return fixtures.child.id.uuidString
        case "teenActivityByPlanner":
            return try await activity(for: fixtures.teen.id, by: fixtures.planner.id).uuidString
        case "archivePictogram":
            return try await pictogram(collection: nil).uuidString
        case "schoolCollection":
            return try await schoolCollection().uuidString
        case "schoolPictogram":
            // The school serves the child, so the child and the child's planners see it too.
            _ = try await make("served", actorID: actorID)
            return try await pictogram(collection: schoolCollection()).uuidString
        case "spareOfTeen":
            let adult = try await adult()
            try await link(adult, to: fixtures.teen.id, role: .planner)
            return try adult.requireID().uuidString
        case "invitation":
            return try await invitation(to: "invited@example.org").id.uuidString
        case "inviteToken":
            // Mailed to the caller's own address: only its addressee may accept it.
            return try await invitation(to: email(of: actorID)).token
        case "elsewhereInviteToken":
            return try await invitation(to: "someone.else@example.org").token
        case "staffToken":
            let token = Secret.token()
            try await StaffInvitation(
                institutionID: fixtures.schoolID,
                invitedBy: fixtures.schoolAdmin.id,
                email: try await email(of: actorID),
                role: .staff,
                departmentID: nil,
                tokenHash: Secret.hash(token),
                createdAt: now
            ).create(on: db)
            return token
        case "ownSession":
            let session = AuthSession(
                userID: actorID ?? fixtures.guardian.id,
                tokenHash: Secret.hash(Secret.token()),
                kind: .api,
                createdAt: now,
                expiresAt: now + 3600
            )
            try await session.create(on: db)
            return try session.requireID().uuidString
        case "strangerSession":
            return try await AuthSession.query(on: db).filter(\.$user.$id == fixtures.stranger.id).first()!
                .requireID().uuidString
        case "device":
            return try await pairedDevice().sessionID.uuidString
        case "pairCode":
            let code = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/pairing-codes",
                token: fixtures.guardian.token
            )
            return code["code"] ?? ""
        case "enrolment":
            return try await enrolment(to: "parent@example.org").id.uuidString
        case "enrolToken":
            // Mailed to the caller's own address: only its addressee may accept it.
            return try await enrolment(to: email(of: actorID)).token
        case "elsewhereEnrolToken":
            return try await enrolment(to: "someone.else@example.org").token
        case "staffSpare":
            let adult = try await adult()
            try await StaffMembership(
                institutionID: fixtures.schoolID,
                userID: adult.requireID(),
                role: .staff,
                departmentID: nil,
                createdAt: now
            ).create(on: db)
            return try adult.requireID().uuidString
        case "served":
            if try await ServedUser.query(on: db).filter(\.$user.$id == fixtures.child.id).first() == nil {
                try await ServedUser(
                    institutionID: fixtures.schoolID,
                    userID: fixtures.child.id,
                    addedBy: fixtures.guardian.id,
                    createdAt: now
                ).create(on: db)
            }
            return fixtures.child.id.uuidString
        case "newKey":
            return "key-\(UUID().uuidString.prefix(8).lowercased())"
        case "childReward", "childWish":
            // Rewards on with stars to spare; a reward costing one; for a wish, one waiting for an answer.
            let child = fixtures.child.id
            try await RewardsController.account(of: child, now: now, on: db)
            try await StarAccount.query(on: db).filter(\.$user.$id == child).set(\.$enabled, to: true).set(\.$balance, to: 100)
                .set(\.$pending, to: 1).update()
            let reward = Reward()
            reward.$user.id = child
            reward.$createdBy.id = fixtures.guardian.id
            reward.title = "Sticker"
            reward.cost = 1
            reward.createdAt = now
            try await reward.create(on: db)
            guard name == "childWish" else { return try reward.requireID().uuidString }
            let wish = RewardRedemption()
            wish.$user.id = child
            wish.$reward.id = try reward.requireID()
            wish.title = reward.title
            wish.cost = 1
            wish.status = .pending
            wish.clientKey = UUID().uuidString
            wish.$askedBy.id = child
            wish.askedAt = now
            try await wish.create(on: db)
            return try wish.requireID().uuidString
        case "newEmail":
            return "new-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        default:
            fatalError("unknown matrix placeholder {\(name)}")
        }
    }

    /// A daily activity from 1 December 2026 at 07:30.
    func activity(for user: UUID, by creator: UUID) async throws -> UUID {
        let activity = Activity(
            user: user,
            createdBy: creator,
            title: "Brush teeth",
            start: "2026-12-01T07:30",
            timeZone: "Europe/Copenhagen",
            now: now
        )
        activity.durationMinutes = 5
        activity.recurrence = "FREQ=DAILY"
        try await activity.create(on: db)
        return try activity.requireID()
    }

    /// A pictogram of the archive (`collection` nil) or of a collection, with its image stored.
    func pictogram(collection: UUID?) async throws -> UUID {
        let pictogram = Pictogram()
        pictogram.$collection.id = collection
        pictogram.code = collection == nil ? "TEST-\(UUID().uuidString.prefix(8))" : nil
        pictogram.imageKey = try await context.app.media.put(try ImagePipeline.testJPEG(width: 32, height: 32))
        pictogram.contentType = "image/jpeg"
        pictogram.createdAt = now
        try await pictogram.create(on: db)
        try await PictogramName(pictogramID: pictogram.requireID(), lang: "en", kind: .name, text: "Test pictogram")
            .create(on: db)
        return try pictogram.requireID()
    }

    private func schoolCollection() async throws -> UUID {
        let collection = PictogramCollection()
        collection.$institution.id = fixtures.schoolID
        collection.name = "Our school"
        collection.createdAt = now
        try await collection.create(on: db)
        return try collection.requireID()
    }

    private func adult() async throws -> User {
        let user = User(
            email: "spare-\(UUID().uuidString.prefix(8).lowercased())@example.org",
            passwordHash: try await context.app.passwordHashing.hash(Fixtures.password),
            name: "Spare",
            locale: .en,
            app: .planet,
            timeZone: "Europe/Copenhagen"
        )
        user.emailVerifiedAt = now
        try await user.create(on: db)
        return user
    }

    private func link(_ adult: User, to userID: UUID, role: PlannerRole) async throws {
        try await PlannerLink(userID: userID, plannerID: adult.requireID(), role: role, createdAt: now).create(on: db)
    }

    /// The caller's email address, or one nobody has.
    /// A pupil enrolled by the school's staff member, with one guardian's invitation.
    private func enrolment(to email: String) async throws -> (id: UUID, token: String) {
        let enrolment = Enrolment()
        enrolment.$institution.id = fixtures.schoolID
        enrolment.name = "Emil"
        enrolment.$createdBy.id = fixtures.schoolStaff.id
        enrolment.status = .pending
        enrolment.createdAt = now
        try await enrolment.create(on: db)
        let token = Secret.token()
        let invitation = EnrolmentInvitation()
        invitation.$enrolment.id = try enrolment.requireID()
        invitation.email = email
        invitation.tokenHash = Secret.hash(token)
        invitation.status = .pending
        invitation.createdAt = now
        invitation.expiresAt = now + EnrolmentInvitation.lifetime
        try await invitation.create(on: db)
        return (try enrolment.requireID(), token)
    }

    private func email(of actorID: UUID?) async throws -> String {
        guard let actorID else { return "invited@example.org" }
        return try await User.find(actorID, on: db)?.email ?? "invited@example.org"
    }

    private func invitation(to email: String) async throws -> (id: UUID, token: String) {
        let token = Secret.token()
        let invitation = Invitation(
            userID: fixtures.child.id,
            invitedBy: fixtures.guardian.id,
            email: email,
            role: .planner,
            tokenHash: Secret.hash(token),
            createdAt: now
        )
        try await invitation.create(on: db)
        return (try invitation.requireID(), token)
    }

    private func pairedDevice() async throws -> (token: String, sessionID: UUID) {
        let code = try await context.client.post(
            "/api/v1/users/\(fixtures.child.id)/pairing-codes",
            token: fixtures.guardian.token
        )
        let paired = try await context.client.post(
            "/api/v1/auth/pair",
            json: ["code": code["code"] ?? "", "deviceName": "Tablet"]
        )
        let token = paired["token"] ?? ""
        let session = try await AuthSession.query(on: db).filter(\.$tokenHash == Secret.hash(token)).first()!
        return (token, try session.requireID())
    }
}
