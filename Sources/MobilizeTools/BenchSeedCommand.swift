import App
import Fluent
import MobilizeCore
import Vapor

/// `mobilize seed-bench`: data for the benchmarks in `scripts/`: a planner with a child to read,
/// `--expired N` accounts unused for 13 months (warned 40 days ago) with sessions and access-log
/// entries, and one heavy user with `--heavy N` access-log entries to export. Features add
/// their own data for the heavy user here as they land.
struct BenchSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "expired", help: "Accounts past retention (default 10000)")
        var expired: Int?
        @Option(name: "heavy", help: "Access-log entries about the heavy user (default 20000)")
        var heavy: Int?
        @Option(name: "photos", help: "Write this many distinct 12-megapixel JPEGs (default 0)...")
        var photos: Int?
        @Option(name: "photo-dir", help: "...into this folder")
        var photoDirectory: String?
        @Option(name: "notes", help: "...and this many distinct 12-megapixel photos of a note with everyday text")
        var notes: Int?
    }

    static let password = "bench-password"
    var help: String { "Seeds benchmark data (a planner, a heavy user, expired accounts)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let count = signature.photos, count > 0, let directory = signature.photoDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 0..<count {
                try ImagePipeline.testJPEG(width: 4000, height: 3000)
                    .write(to: URL(fileURLWithPath: directory).appendingPathComponent("photo-\(index).jpg"))
            }
            // A note on the fridge: text for the guard to read, and nothing in it to hold.
            for index in 0..<(signature.notes ?? 0) {
                try ImagePipeline.testText(
                    "Husk madpakke og gymnastiktøj\nFredag: svømning i hallen\nTag \(index + 2) håndklæder med",
                    width: 4000, height: 3000, points: 110
                )
                .write(to: URL(fileURLWithPath: directory).appendingPathComponent("note-\(index).jpg"))
            }
            context.console.print("photos=\(directory)")
            return
        }
        let db = app.db
        let now = app.clock.now
        let hash = try await app.passwordHashing.hash(Self.password)
        let planner = User(
            email: "bench-planner@example.org",
            passwordHash: hash,
            name: "Bench planner",
            locale: .en,
            app: .planet,
            timeZone: "Europe/Copenhagen",
            activeAt: now
        )
        let heavy = User(
            email: "bench-heavy@example.org",
            passwordHash: hash,
            name: "Heavy user",
            locale: .en,
            app: .planet,
            timeZone: "Europe/Copenhagen",
            activeAt: now
        )
        let child = User(name: "Bench child", locale: .da, app: .me, timeZone: "Europe/Copenhagen", activeAt: now)
        for user in [planner, heavy, child] { try await user.create(on: db) }
        try await PlannerLink(
            userID: child.requireID(),
            plannerID: planner.requireID(),
            role: .guardian,
            createdAt: now
        )
        .create(on: db)
        try await PlannerLink(userID: heavy.requireID(), plannerID: planner.requireID(), role: .planner, createdAt: now)
            .create(on: db)

        let expiredCount = signature.expired ?? 10_000
        let lastActive = Retention.adding(months: -13, to: now)
        var expired: [User] = []
        for index in 0..<expiredCount {
            let user = User(
                email: "expired-\(index)@example.org",
                passwordHash: hash,
                name: "Expired \(index)",
                locale: .da,
                app: .planet,
                timeZone: "Europe/Copenhagen",
                activeAt: lastActive
            )
            user.id = UUID()
            user.retentionWarnedAt = now.addingTimeInterval(-40 * 86_400)
            expired.append(user)
        }
        try await insert(expired, on: db)
        try await insert(
            try expired.map {
                let session = AuthSession(
                    userID: try $0.requireID(),
                    tokenHash: Secret.hash(Secret.token()),
                    kind: .web,
                    createdAt: lastActive,
                    expiresAt: now.addingTimeInterval(86_400)
                )
                session.platform = "iOS"
                return session
            },
            on: db
        )
        var events: [AccessLog.Event] = []
        for user in expired {
            for _ in 0..<3 {
                events.append(
                    .init(
                        actorID: planner.id,
                        actorRole: "planner",
                        subjectID: try user.requireID(),
                        action: "read",
                        route: "GET /api/v1/users/:userId",
                        ip: "192.0.2.1",
                        platform: "iOS",
                        at: lastActive
                    )
                )
            }
        }
        for _ in 0..<(signature.heavy ?? 20_000) {
            events.append(
                .init(
                    actorID: planner.id,
                    actorRole: "planner",
                    subjectID: try heavy.requireID(),
                    action: "read",
                    route: "GET /api/v1/users/:userId",
                    ip: "192.0.2.2",
                    platform: "Android",
                    at: now
                )
            )
        }
        try await context.application.accessLog.appendAll(events)
        try await seedPictures(for: heavy, on: context.application)
        try await seedPlan(for: heavy, planner: planner, on: context.application)
        try await seedChat(for: heavy, planner: planner, on: context.application)
        try await seedGoals(for: heavy, planner: planner, on: context.application)
        try await seedRewards(for: heavy, planner: planner, on: context.application)
        context.console.print("child=\(try child.requireID().uuidString)")
        context.console.print(
            "planner=bench-planner@example.org heavy=bench-heavy@example.org password=\(Self.password)"
        )
    }

    /// The heavy user's plan: 200 activities of their own and 100 from their planner (a third
    /// recurring), with 100 occurrences ticked off, two calendar feeds and two routines.
    private func seedPlan(for user: User, planner: User, on app: Application) async throws {
        let userID = try user.requireID()
        let own = PlanBenchCommand.activities(for: userID, by: userID, count: 200, now: app.clock.now)
        let sideline = PlanBenchCommand.activities(
            for: userID,
            by: try planner.requireID(),
            count: 100,
            now: app.clock.now
        )
        try await insert(own + sideline, on: app.db)
        let states = own.prefix(100).map { activity in
            let state = OccurrenceState()
            state.$activity.id = activity.id!
            state.localStart = activity.start
            state.state = .done
            state.stepsDone = []
            state.$changedBy.id = userID
            state.changedAt = app.clock.now
            return state
        }
        try await insert(Array(states), on: app.db)
        // A calendar feed of their own and one their planner keeps.
        let feeds = [userID, try planner.requireID()].map {
            CalendarFeed(user: userID, createdBy: $0, tokenHash: Secret.hash(Secret.token()), createdAt: app.clock.now)
        }
        try await insert(feeds, on: app.db)
        // Two routines of a day's activities each, one of them the planner's.
        let routines = [userID, try planner.requireID()].enumerated().map { index, maker in
            Routine(
                user: userID,
                createdBy: maker,
                name: "Routine \(index + 1)",
                items: own.prefix(5).compactMap { activity in
                    activity.startTime.map { Blueprint(activity, start: $0, day: 0) }
                },
                now: app.clock.now
            )
        }
        try await insert(routines, on: app.db)
    }

    /// The heavy user's pictures (20, their files in the media store), 200 own names for
    /// pictograms, and a profile picture: what the export and the erasure carry for this feature.
    private func seedPictures(for user: User, on app: Application) async throws {
        let userID = try user.requireID()
        let photo = try ImagePipeline.testJPEG(width: 1600, height: 1200)
        var keys: [Picture.Size: (String, ImagePipeline.Rendition)] = [:]
        for size in Picture.Size.allCases {
            let rendition = try ImagePipeline.render(photo, maxSize: size.maxPixels)
            keys[size] = (try await app.media.put(rendition.data), rendition)
        }
        var pictures: [Picture] = []
        for index in 0..<20 {
            let picture = Picture()
            picture.id = UUID()
            picture.$user.id = userID
            picture.sourceHash = "bench-\(index)"
            picture.thumbKey = keys[.thumb]!.0
            picture.displayKey = keys[.display]!.0
            picture.originalKey = keys[.original]!.0
            picture.contentType = keys[.original]!.1.contentType
            picture.width = keys[.original]!.1.width
            picture.height = keys[.original]!.1.height
            picture.bytes = keys.values.reduce(0) { $0 + $1.1.data.count }
            picture.createdAt = app.clock.now
            pictures.append(picture)
        }
        try await insert(pictures, on: app.db)
        let png = try await app.media.put(try ImagePipeline.render(photo, maxSize: 64).data)
        var pictograms: [Pictogram] = []
        var names: [PictogramAlternateName] = []
        for index in 0..<200 {
            let pictogram = Pictogram()
            pictogram.id = UUID()
            pictogram.code = "BENCH-\(UUID().uuidString.prefix(8))-\(index)"
            pictogram.imageKey = png
            pictogram.contentType = "image/jpeg"
            pictogram.createdAt = app.clock.now
            pictograms.append(pictogram)
            let name = PictogramAlternateName()
            name.$user.id = userID
            name.$pictogram.id = pictogram.id!
            name.name = "Own name \(index)"
            name.folded = PictogramSearch.fold(name.name)
            name.updatedAt = app.clock.now
            names.append(name)
        }
        try await insert(pictograms, on: app.db)
        try await insert(names, on: app.db)
        user.avatarPictureID = pictures[0].id
        try await user.save(on: app.db)
    }

    func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        for start in stride(from: 0, to: models.count, by: 500) {
            let chunk = Array(models[start..<min(start + 500, models.count)])
            try await db.writeTransaction { db in try await chunk.create(on: db) }
        }
    }
}
