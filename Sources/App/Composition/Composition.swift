import Fluent
import Vapor

/// The composition root: the one place that names every part of the product. Adding a feature
/// means adding its folder and one line to `parts`.
enum Composition {
    /// Every part, in the order its migrations run: a table refers only to tables of the parts
    /// before it. Erasure goes the other way (`personalData`).
    static var parts: [any Feature.Type] {
        [
            PlatformParts.self,
            AccessLayer.self,
            CirclesFeature.self,
            AccountsFeature.self,
            InstitutionsFeature.self,
            PrivacyFeature.self,
            BillingFeature.self,
            PictogramsFeature.self,
            PicturesFeature.self,
            PlansFeature.self,
            CalendarFeedsFeature.self,
            RoutinesFeature.self,
            RealtimeFeature.self,
            ChatFeature.self,
            GoalsFeature.self,
            RewardsFeature.self,
            PushFeature.self,
            NoticesFeature.self,
            RemindersFeature.self,
            OperationsFeature.self,
            PictureSearchFeature.self,
        ]
    }

    /// Every migration, part by part, then the indexes of the columns that point at a person.
    /// Fluent knows a migration by its type's name: new ones are added, none renamed.
    static var migrations: [any Migration] {
        parts.flatMap { $0.migrations } + [CreatePersonIndexes(columns: parts.flatMap { $0.personIndexes })]
    }

    /// Every part's personal data, latest part first: rows that point at other rows are erased
    /// before those.
    static let personalData: PersonalDataRegistry = parts.reversed()
        .reduce(PersonalDataRegistry()) { $0.followed(by: $1.personalData) }

    static var jobs: [BackgroundJob] { parts.flatMap { $0.jobs } }
    static var noticeChannels: [NoticeChannel] { parts.flatMap { $0.noticeChannels } }
    static var commands: [(name: String, command: any AsyncCommand)] { parts.flatMap { $0.commands } }
}
