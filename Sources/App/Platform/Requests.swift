import Fluent
import Foundation
import MobilizeCore
import Vapor

/// A request body that names the keys it accepts; any other key is refused with 422.
protocol StrictContent: Content {
    static var allowedKeys: Set<String> { get }
}

extension Request {
    /// Decodes a JSON body strictly: malformed JSON is 400, an unknown key or a wrong type is 422
    /// naming the field.
    func decode<T: StrictContent>(_ type: T.Type) throws -> T {
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Problem.badRequest("A JSON body is required.")
        }
        guard buffer.readableBytes <= application.config.maxBodySize else {
            throw Problem(
                .payloadTooLarge,
                detail: "The body may be at most \(application.config.maxBodySize / 1024) KiB."
            )
        }
        guard headers.contentType == .json else {
            throw Problem(
                .unsupportedMediaType,
                detail: "Send the body as application/json."
            )
        }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw Problem.badRequest("The body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
            throw Problem.badRequest("The body must be a JSON object.")
        }
        let unknown = Set(fields.keys).subtracting(T.allowedKeys).sorted()
        if !unknown.isEmpty {
            throw Problem.invalid(unknown.map { FieldError(field: $0, message: "is not a known field") })
        }
        if let field = Self.fieldWithNul(fields, path: "") {
            throw Problem.invalid([FieldError(field: field, message: "must not contain the NUL character")])
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// The path of the first text holding U+0000: no database stores it faithfully (SQLite
    /// cuts the text there, PostgreSQL refuses it), so no field may carry it.
    private static func fieldWithNul(_ value: Any, path: String) -> String? {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\u{0}") ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for (key, item) in object {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                if key.unicodeScalars.contains("\u{0}") { return keyPath }
                if let found = fieldWithNul(item, path: keyPath) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, item) in array.enumerated() {
                if let found = fieldWithNul(item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

/// One page of a list and the cursor of the next.
struct Page<Item: Content>: Content {
    var items: [Item]
    @NullEncoded var next: String?
}

/// `?after=<cursor>&limit=<n>` as given, checked by `PageRequest`.
struct PageQuery: QueryValues {
    var after: String?
    var limit: String?
}

extension PageQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(after: values.queryText(.after), limit: values.queryText(.limit))
    }
}

/// `?after=<cursor>&limit=<n>`. The cursor is the id of the last item of the previous page.
struct PageRequest: Sendable {
    static let maximum = 100
    var after: UUID?
    var limit: Int

    init(_ request: Request) throws {
        try self.init(request.queryValues(PageQuery.self))
    }

    init(_ query: PageQuery) throws {
        if let after = query.after, !after.isEmpty {
            guard let id = UUID(uuidString: after) else {
                throw Problem.invalid("after", "is not a cursor from this list")
            }
            self.after = id
        }
        if let limitText = query.limit {
            guard let limit = Int(limitText), (1...Self.maximum).contains(limit) else {
                throw Problem.invalid("limit", "must be a whole number from 1 to \(Self.maximum)")
            }
            self.limit = limit
        } else {
            self.limit = 50
        }
    }

    /// Runs a query one page at a time, in id order.
    func fetch<Row: Model, Item>(_ query: QueryBuilder<Row>, map: (Row) throws -> Item) async throws -> Page<Item>
    where Row.IDValue == UUID {
        query.sort(\._$id)
        if let after { query.filter(\._$id > after) }
        let rows = try await query.limit(limit + 1).all()
        return try page(rows, id: \.id, map: map)
    }

    /// Builds the page from `limit + 1` fetched rows.
    func page<Row, Item>(_ rows: [Row], id: (Row) -> UUID?, map: (Row) throws -> Item) rethrows -> Page<Item> {
        let shown = Array(rows.prefix(limit))
        let next = rows.count > limit ? shown.last.flatMap(id)?.uuidString : nil
        return Page(items: try shown.map(map), next: next)
    }
}

extension Request {
    /// A UUID path parameter; anything else is simply not found.
    func id(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound() }
        return id
    }
}

extension Array {
    /// The array in slices of at most `size`, for `IN (...)` lists a database takes at once.
    func chunks(of size: Int = 500) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension Request {
    /// The client's address as the server sees it, or as the load balancer reports it.
    var clientIP: String? {
        if application.config.trustForwardedFor,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress
    }
}
