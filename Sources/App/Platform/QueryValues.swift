import Vapor

/// The values of a query string (`?q=…&limit=…`), each as the text given, for the handler to check
/// so that a wrong value is refused naming its field. A value that is not text (`?q[]=a`) reads as
/// absent, and so does every value of a query string that does not parse.
protocol QueryValues: Content {
    /// A query without values.
    init()
}

extension Request {
    /// The query string's values (see `QueryValues`).
    func queryValues<Values: QueryValues>(_: Values.Type) -> Values {
        (try? query.decode(Values.self)) ?? Values()
    }
}

extension KeyedDecodingContainer {
    /// The text of one query value: nil when it is absent or not text.
    func queryText(_ key: Key) -> String? {
        (try? decodeIfPresent(String.self, forKey: key)) ?? nil
    }
}
