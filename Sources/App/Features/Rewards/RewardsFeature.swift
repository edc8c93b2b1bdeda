import Fluent
import Vapor

/// Rewards: stars earned for done activities and goal progress, rewards that cost stars, and the
/// wishes a planner answers. Off for each user until a planner switches them on.
enum RewardsFeature: Feature {
    static var migrations: [any Migration] { [CreateRewards()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: RewardsData.declarations, readers: RewardsData.readers)
    }
    static var routes: [any RouteCollection] { [RewardsController()] }
}
