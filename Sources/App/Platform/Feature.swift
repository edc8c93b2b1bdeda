import Fluent
import Vapor

/// What a feature tells the composition root about itself: its tables, its personal data, its
/// routes, its jobs. Each member defaults to nothing, so a feature declares only what it has, in
/// one file of its folder (`Features/Plans/PlansFeature.swift`), and the root lists the feature
/// once (`Composition/Composition.swift`).
protocol Feature {
    /// Its migrations, oldest first. A table refers only to tables of features listed before it.
    static var migrations: [any Migration] { get }
    /// Columns of its first tables that point at a person, indexed by `CreatePersonIndexes` (a
    /// table made later indexes its own in its migration).
    static var personIndexes: [(table: String, column: String)] { get }
    /// Its tables' personal data: what they hold about a person, how it is read and erased.
    static var personalData: PersonalDataRegistry { get }
    /// Its routes under `/api/v1`, behind the session, the restriction guard and the cache's
    /// invalidation.
    static var routes: [any RouteCollection] { get }
    /// Its routes outside the API (health checks).
    static var rootRoutes: [any RouteCollection] { get }
    /// Recurring work while the server serves.
    static var jobs: [BackgroundJob] { get }
    /// PostgreSQL channels it hears the other instances on.
    static var noticeChannels: [NoticeChannel] { get }
    /// Commands of the `mobilize` executable, by name.
    static var commands: [(name: String, command: any AsyncCommand)] { get }
    /// Sets up its services; runs before the migrations and the routes.
    static func configure(_ app: Application) throws
}

extension Feature {
    static var migrations: [any Migration] { [] }
    static var personIndexes: [(table: String, column: String)] { [] }
    static var personalData: PersonalDataRegistry { PersonalDataRegistry() }
    static var routes: [any RouteCollection] { [] }
    static var rootRoutes: [any RouteCollection] { [] }
    static var jobs: [BackgroundJob] { [] }
    static var noticeChannels: [NoticeChannel] { [] }
    static var commands: [(name: String, command: any AsyncCommand)] { [] }
    static func configure(_ app: Application) throws {}
}
