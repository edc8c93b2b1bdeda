import Vapor

/// `?size=`: the size of a picture to serve, as given.
struct PictureSizeQuery: QueryValues {
    var size: String?
}

extension PictureSizeQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(size: values.queryText(.size))
    }
}
