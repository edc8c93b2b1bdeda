/// Reads the platform and browser from a `User-Agent` header for the sessions and devices list.
public struct UserAgent: Sendable, Equatable {
    public let platform: String?
    public let browser: String?

    public init(platform: String?, browser: String?) {
        self.platform = platform
        self.browser = browser
    }

    public init(header: String?) {
        guard let ua = header, !ua.isEmpty else {
            self.init(platform: nil, browser: nil)
            return
        }
        self.init(platform: Self.platform(of: ua), browser: Self.browser(of: ua))
    }

    /// Order matters: iPadOS and Android also claim to be other systems.
    private static let platforms: [(String, String)] = [
        ("iPad", "iPadOS"), ("iPhone", "iOS"), ("Android", "Android"), ("CrOS", "ChromeOS"),
        ("Windows", "Windows"), ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"),
    ]

    private static let browsers: [(String, String)] = [
        ("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
        ("Safari/", "Safari"), ("curl/", "curl"), ("python-requests/", "Python"),
    ]

    static func platform(of ua: String) -> String? {
        platforms.first { ua.contains($0.0) }?.1
    }

    static func browser(of ua: String) -> String? {
        if ua.contains("HeadlessChrome/") { return "Chrome" }
        return browsers.first { ua.contains($0.0) }?.1
    }
}
