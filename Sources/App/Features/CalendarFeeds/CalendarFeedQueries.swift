import Vapor

/// `?token=`: the feed's secret, as given.
struct CalendarFeedQuery: QueryValues {
    var token: String?
}

extension CalendarFeedQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(token: values.queryText(.token))
    }
}
