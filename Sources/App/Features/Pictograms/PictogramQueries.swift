import Vapor

/// `?lang=`: the language pictograms are named in, as given.
struct PictogramLanguageQuery: QueryValues {
    var lang: String?
}

extension PictogramLanguageQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(lang: values.queryText(.lang))
    }
}

/// `?userId=`: the user whose own names count, as given.
struct PictogramUserQuery: QueryValues {
    var userId: String?
}

extension PictogramUserQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(userId: values.queryText(.userId))
    }
}

/// `?q=&collectionId=`: what is searched for, and the one collection to show, as given.
struct PictogramSearchQuery: QueryValues {
    var q: String?
    var collectionId: String?
}

extension PictogramSearchQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(q: values.queryText(.q), collectionId: values.queryText(.collectionId))
    }
}
