import Fluent
import Vapor

/// Routines: a day's activities saved under a name and placed on other days.
enum RoutinesFeature: Feature {
    static var migrations: [any Migration] { [CreateRoutine()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: RoutinesData.declarations, readers: RoutinesData.readers)
    }
    static var routes: [any RouteCollection] { [RoutinesController()] }
}
