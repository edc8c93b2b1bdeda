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
        try await AccessLog(db: db).appendAll(events)
        context.console.print("child=\(try child.requireID().uuidString)")
        context.console.print(
            "planner=bench-planner@example.org heavy=bench-heavy@example.org password=\(Self.password)"
        )
    }

    private func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        for start in stride(from: 0, to: models.count, by: 500) {
            let chunk = Array(models[start..<min(start + 500, models.count)])
            try await db.writeTransaction { db in try await chunk.create(on: db) }
        }
    }
}
