import Fluent
import Vapor

/// Calendar feeds: a user's plan as an iCalendar subscription.
enum CalendarFeedsFeature: Feature {
    static var migrations: [any Migration] { [CreateCalendarFeed()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: CalendarFeedsData.declarations, readers: CalendarFeedsData.readers)
    }
    static var routes: [any RouteCollection] { [CalendarFeedsController()] }
}
