import Fluent
import Vapor

/// Plans: activities, their recurrence, and what happened to each occurrence.
enum PlansFeature: Feature {
    static var migrations: [any Migration] {
        [CreateActivity(), CreateOccurrenceState(), UpdateActivityAddSeries(), UpdateActivityAddLastStart(),
         UpdateActivityAddConfirmation()]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: PlansData.declarations, readers: PlansData.readers)
    }
    static var routes: [any RouteCollection] { [PlansController()] }

    static func configure(_ app: Application) throws {
        app.databases.middleware.use(ActivitySeriesEnd())
        if app.databases.ids().contains(.sqliteWriter) {
            app.databases.middleware.use(ActivitySeriesEnd(), on: .sqliteWriter)
        }
    }
}
