import Foundation

/// The open-licence picture services a search may ask: their public APIs, the addresses asked,
/// and how their answers are read. Only pictures with an open licence (`OpenLicence`) are kept.
public enum PictureProviderName: String, Sendable, Codable, CaseIterable {
    case openverse, wikimedia

    public var standardBase: String {
        switch self {
        case .openverse: "https://api.openverse.org"
        case .wikimedia: "https://commons.wikimedia.org"
        }
    }
}

/// One picture a service offers, as the service describes it.
public struct FoundPicture: Sendable, Equatable, Codable {
    public var provider: PictureProviderName
    /// The service's own id: a UUID (Openverse) or a page id (Wikimedia Commons).
    public var id: String
    public var title: String
    public var creator: String?
    public var licence: OpenLicence
    public var licenceVersion: String?
    public var licenceURL: String?
    /// The page that describes the picture at the service.
    public var landingURL: String?
    /// A small version, for the search results.
    public var thumbURL: URL
    /// The picture to store: the original, or a large version of it.
    public var imageURL: URL

    /// "CC BY-SA 2.0".
    public var licenceName: String { licence.name(version: licenceVersion) }
}

public enum PictureProviderError: Error, Equatable {
    /// The answer is not in the service's format.
    case malformed
}

public enum PictureProviders {
    public static let pageSize = 20
    /// The longest query words sent out.
    public static let maxWords = 100
    /// The results a search may page through.
    public static let maxPage = 10
    static let thumbWidth = 320
    static let imageWidth = 2048

    /// Whether `id` has the shape of the service's ids (anything else is never sent).
    public static func isValidID(_ id: String, for provider: PictureProviderName) -> Bool {
        switch provider {
        case .openverse: UUID(uuidString: id) != nil
        case .wikimedia: (1...12).contains(id.count) && id.allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    public static func searchURL(_ provider: PictureProviderName, base: URL, words: String, page: Int, language: String) -> URL {
        switch provider {
        case .openverse:
            return url(base, path: "/v1/images/", [
                ("q", words), ("page", String(page)), ("page_size", String(pageSize)),
                ("license", OpenLicence.allCases.map(\.rawValue).joined(separator: ",")), ("mature", "false"),
            ])
        case .wikimedia:
            return url(base, path: "/w/api.php", commonsInfo(width: thumbWidth, language: language) + [
                ("generator", "search"), ("gsrsearch", "filetype:bitmap \(words)"), ("gsrnamespace", "6"),
                ("gsrlimit", String(pageSize)), ("gsroffset", String((page - 1) * pageSize)),
            ])
        }
    }

    /// The one picture's description, with its image in a size worth storing.
    public static func detailsURL(_ provider: PictureProviderName, base: URL, id: String, thumb: Bool = false) -> URL {
        switch provider {
        case .openverse:
            return url(base, path: "/v1/images/\(id)/", [])
        case .wikimedia:
            return url(base, path: "/w/api.php", commonsInfo(width: thumb ? thumbWidth : imageWidth, language: "en") + [("pageids", id)])
        }
    }

    private static func commonsInfo(width: Int, language: String) -> [(String, String)] {
        [
            ("action", "query"), ("format", "json"), ("formatversion", "2"), ("prop", "imageinfo"),
            ("iiprop", "url|mime|extmetadata"), ("iiurlwidth", String(width)),
            ("iiextmetadatafilter", "LicenseShortName|Artist|LicenseUrl|ObjectName"), ("uselang", language),
        ]
    }

    private static func url(_ base: URL, path: String, _ query: [(String, String)]) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path = components.path.hasSuffix("/") ? String(components.path.dropLast()) + path : components.path + path
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        // "+" means a space to most servers: written out, so a "+" in the words stays one.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    /// The pictures of a search answer, in the service's order, open licences only.
    public static func parseSearch(_ provider: PictureProviderName, _ data: Data) throws -> [FoundPicture] {
        switch provider {
        case .openverse:
            guard let answer = try? JSONDecoder().decode(OpenverseSearch.self, from: data) else {
                throw PictureProviderError.malformed
            }
            return answer.results.compactMap(\.found)
        case .wikimedia:
            guard let answer = try? JSONDecoder().decode(CommonsAnswer.self, from: data) else {
                throw PictureProviderError.malformed
            }
            return (answer.query?.pages ?? []).sorted { ($0.index ?? 0) < ($1.index ?? 0) }.compactMap(\.found)
        }
    }

    /// The picture of a details answer, or nil when it is gone or its licence is not open.
    public static func parseDetails(_ provider: PictureProviderName, _ data: Data) throws -> FoundPicture? {
        switch provider {
        case .openverse:
            guard let image = try? JSONDecoder().decode(OpenverseImage.self, from: data) else {
                throw PictureProviderError.malformed
            }
            return image.found
        case .wikimedia:
            guard let answer = try? JSONDecoder().decode(CommonsAnswer.self, from: data) else {
                throw PictureProviderError.malformed
            }
            return answer.query?.pages.first?.found
        }
    }

    /// Text from a service's HTML field (Commons' "Artist"): tags dropped, the common entities
    /// read, spaces folded, at most 200 characters.
    public static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " ")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(words.prefix(200))
    }
}

private struct OpenverseSearch: Decodable {
    let results: [OpenverseImage]
}

private struct OpenverseImage: Decodable {
    let id: String
    let title: String?
    let creator: String?
    let license: String
    let license_version: String?
    let license_url: String?
    let foreign_landing_url: String?
    let url: String?
    let thumbnail: String?
    let mature: Bool?

    var found: FoundPicture? {
        guard PictureProviders.isValidID(id, for: .openverse), mature != true, let licence = OpenLicence(openverse: license),
            let image = url.flatMap(URL.init(string:)), let thumb = thumbnail.flatMap(URL.init(string:))
        else { return nil }
        return FoundPicture(
            provider: .openverse, id: id.lowercased(), title: PictureProviders.plainText(title ?? ""),
            creator: creator.map(PictureProviders.plainText).flatMap { $0.isEmpty ? nil : $0 }, licence: licence,
            licenceVersion: licence == .cc0 || licence == .pdm ? nil : license_version, licenceURL: license_url,
            landingURL: foreign_landing_url, thumbURL: thumb, imageURL: image
        )
    }
}

private struct CommonsAnswer: Decodable {
    struct Query: Decodable {
        let pages: [Page]
    }

    struct Page: Decodable {
        let pageid: Int?
        let title: String?
        let index: Int?
        let missing: Bool?
        let imageinfo: [Info]?

        var found: FoundPicture? {
            guard missing != true, let pageid, let info = imageinfo?.first,
                let short = info.extmetadata?["LicenseShortName"]?.value, let (licence, version) = OpenLicence.commons(short),
                let image = (info.thumburl ?? info.url).flatMap(URL.init(string:)),
                let thumb = (info.thumburl ?? info.url).flatMap(URL.init(string:))
            else { return nil }
            var name = info.extmetadata?["ObjectName"]?.value ?? title ?? ""
            if name.isEmpty, let title { name = title }
            if name.hasPrefix("File:") { name = String(name.dropFirst(5)) }
            if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 5 { name = String(name[..<dot]) }
            let artist = info.extmetadata?["Artist"]?.value.map(PictureProviders.plainText)
            return FoundPicture(
                provider: .wikimedia, id: String(pageid), title: PictureProviders.plainText(name),
                creator: artist.flatMap { $0.isEmpty ? nil : $0 }, licence: licence, licenceVersion: version,
                licenceURL: info.extmetadata?["LicenseUrl"]?.value, landingURL: info.descriptionurl,
                thumbURL: thumb, imageURL: image
            )
        }
    }

    struct Info: Decodable {
        let url: String?
        let thumburl: String?
        let descriptionurl: String?
        let mime: String?
        let extmetadata: [String: Meta]?
    }

    struct Meta: Decodable {
        let value: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Commons sometimes answers a number or a list here: only text is taken.
            value = try? container.decode(String.self, forKey: .value)
        }

        enum CodingKeys: String, CodingKey { case value }
    }

    let query: Query?
}
