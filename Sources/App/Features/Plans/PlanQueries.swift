import Vapor

/// `?scope=&occurrence=`: which occurrences a change or a deletion is for, as given.
struct OccurrenceScopeQuery: QueryValues {
    var scope: String?
    var occurrence: String?
}

extension OccurrenceScopeQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(scope: values.queryText(.scope), occurrence: values.queryText(.occurrence))
    }
}
