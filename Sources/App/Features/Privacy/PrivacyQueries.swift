import Vapor

/// `?lang=`: the language the privacy policy is read in, as given.
struct PolicyQuery: QueryValues {
    var lang: String?
}

extension PolicyQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(lang: values.queryText(.lang))
    }
}
