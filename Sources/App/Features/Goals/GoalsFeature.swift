import Fluent
import Vapor

/// Goals: what a user works towards, the steps on the way, progress (by hand, or by a linked
/// activity marked done) and the weekly overview.
enum GoalsFeature: Feature {
    static var migrations: [any Migration] { [CreateGoals()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: GoalsData.declarations, readers: GoalsData.readers)
    }
    static var routes: [any RouteCollection] { [GoalsController()] }
}
