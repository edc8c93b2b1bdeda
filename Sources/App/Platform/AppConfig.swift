import Foundation
import MobilizeCore
import Vapor

/// All configuration, read from the environment in one place. A bad value stops start-up
/// with a message naming the variable.
package struct AppConfig: Sendable {
    enum DatabaseKind: Sendable, Equatable {
        case sqlite(path: String)
        case memory
        /// `schema` puts the tables in a schema of their own (the first of the search path).
        case postgres(url: String, schema: String?)
    }

    /// An HTTP SMS gateway (`SMS_GATEWAY_URL`; off without it): where to post, with which
    /// `Authorization`, the body template with `{{to}}`, `{{text}}` and `{{from}}`, and its type.
    struct SMSGateway: Sendable, Equatable {
        var url: URL
        var authorization: String?
        var template: String
        var encoding: SMS.Encoding
        var sender: String
    }

    /// Searching open-licence pictures on the Internet (`PICTURE_SEARCH`; off without it): the
    /// providers asked, in order, their base URLs, and the time and size limits.
    struct PictureSearch: Sendable, Equatable {
        var providers: [(name: PictureProviderName, base: URL)]
        var searchTimeout: Duration
        var downloadTimeout: Duration
        var downloadMaxBytes: Int

        static func == (a: Self, b: Self) -> Bool {
            a.providers.map(\.name) == b.providers.map(\.name) && a.providers.map(\.base) == b.providers.map(\.base)
                && a.searchTimeout == b.searchTimeout && a.downloadTimeout == b.downloadTimeout
                && a.downloadMaxBytes == b.downloadMaxBytes
        }
    }

    struct SMTP: Sendable, Equatable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var startTLS: Bool
    }

    var database: DatabaseKind
    var dataDirectory: String
    package var publicURL: URL
    var mailFrom: String
    var smtp: SMTP?
    var sms: SMSGateway?
    var pictureSearch: PictureSearch?
    var pictureGuard: PictureGuardSettings?
    var sessionIdle: TimeInterval
    var sessionAbsolute: TimeInterval
    var deviceSessionIdle: TimeInterval
    var bcryptCost: Int
    var maxBodySize: Int
    /// Take the client address from `X-Forwarded-For` (only behind a trusted load balancer).
    var trustForwardedFor: Bool
    /// Run the recurring jobs (the daily privacy run) in this process.
    var runsBackgroundJobs: Bool
    /// Storage for one user's pictures.
    var pictureQuotaBytes: Int
    /// Messages one person may send a minute, across all conversations.
    var chatMessagesPerMinute = 60
    /// How often the reminder scheduler looks for due reminders.
    var reminderTickMilliseconds = 1000
    /// How far ahead of their moment reminders are taken and decided, so that thousands due at
    /// once are told as it comes.
    var reminderLookaheadMilliseconds = 5000
    /// Fire reminders in this process (every instance does; tests run the scheduler by hand).
    var firesReminders = true
    /// The key this server signs its Web Push messages with (VAPID); nil: a key file in
    /// `dataDirectory`. Every instance needs the same one.
    var vapidKey: Data?
    /// The push services messages may go to (`WebPush.isAllowed`).
    var pushServices = WebPush.knownServices
    /// Where picture files live: under `DATA_DIR/media`, or in the database (for several
    /// instances that share no disk).
    var mediaStore: MediaStoreKind = .files
    /// The secret the access log's chain is keyed with; nil: a key file in `dataDirectory`.
    var accessLogKey: Data?
    /// A repeated read (same person, data, route, place) is logged once in this many seconds.
    var accessLogCoalesce: TimeInterval = 600
    /// Database connections per event loop.
    var databasePoolSize = 4
    /// How long a request waits for a free database connection before it fails.
    var databasePoolTimeout: TimeInterval = 10
    /// The web app's folder (`PUBLIC_DIR`); nil: found by `WebRoot`.
    var publicDirectory: String?

    enum MediaStoreKind: String, Sendable { case files, database }

    /// Cookies are `Secure` whenever the public address is https: everywhere but local development.
    var secureCookies: Bool { publicURL.scheme == "https" }

    /// A link into the web app, e.g. `link("verify", token)` -> `https://host/#/verify?token=...`.
    /// The secret sits in the fragment, which browsers never send to a server.
    func link(_ page: String, _ parameter: String, _ value: String) -> String {
        link(page) + "?\(parameter)=\(value)"
    }

    /// A page of the web app: `https://host/#/page`.
    func link(_ page: String) -> String {
        let base =
            publicURL.absoluteString.hasSuffix("/")
            ? String(publicURL.absoluteString.dropLast()) : publicURL.absoluteString
        return "\(base)/#/\(page)"
    }

    var publicOrigin: String {
        var origin = "\(publicURL.scheme ?? "http")://\(publicURL.host ?? "localhost")"
        if let port = publicURL.port { origin += ":\(port)" }
        return origin
    }
}

package struct ConfigError: Error, CustomStringConvertible {
    package let variable: String
    package let problem: String
    package var description: String { "Configuration error: \(variable) \(problem)" }

    package init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }
}

extension AppConfig {
    static func load(_ env: [String: String]) throws -> AppConfig {
        let dataDirectory = env["DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: DatabaseKind
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), URL(string: url)?.host != nil else {
                throw ConfigError(variable: "DATABASE_URL", problem: "must be a postgres:// URL with a host")
            }
            database = .postgres(url: url, schema: env["DATABASE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 })
        } else {
            database = .sqlite(path: dataDirectory + "/mobilize.sqlite")
        }
        let publicText = env["PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
        guard let publicURL = URL(string: publicText), ["http", "https"].contains(publicURL.scheme ?? ""),
            publicURL.host != nil
        else {
            throw ConfigError(
                variable: "PUBLIC_URL",
                problem: "must be an http(s) URL such as https://plan.example.org"
            )
        }
        let smtp: SMTP? = try env["SMTP_HOST"].flatMap { $0.isEmpty ? nil : $0 }.map { host in
            SMTP(
                host: host,
                port: try integer(env, "SMTP_PORT", default: 587, range: 1...65535),
                username: env["SMTP_USERNAME"],
                password: env["SMTP_PASSWORD"],
                startTLS: try boolean(env, "SMTP_STARTTLS", default: true)
            )
        }
        let day: TimeInterval = 86_400
        return AppConfig(
            database: database,
            dataDirectory: dataDirectory,
            publicURL: publicURL,
            mailFrom: env["MAIL_FROM"] ?? "Mobilize <no-reply@\(publicURL.host ?? "localhost")>",
            smtp: smtp,
            sms: try smsGateway(env),
            pictureSearch: try pictureSearch(env),
            pictureGuard: try pictureGuard(env),
            sessionIdle: Double(try integer(env, "SESSION_IDLE_DAYS", default: 14, range: 1...365)) * day,
            sessionAbsolute: Double(try integer(env, "SESSION_ABSOLUTE_DAYS", default: 90, range: 1...730)) * day,
            deviceSessionIdle: Double(try integer(env, "DEVICE_SESSION_IDLE_DAYS", default: 60, range: 1...365)) * day,
            bcryptCost: 12,
            maxBodySize: 1 << 20,
            trustForwardedFor: try boolean(env, "TRUST_PROXY", default: false),
            runsBackgroundJobs: try boolean(env, "BACKGROUND_JOBS", default: true),
            pictureQuotaBytes: try integer(env, "PICTURE_QUOTA_MB", default: 1024, range: 1...1_048_576) << 20,
            chatMessagesPerMinute: try integer(env, "CHAT_MESSAGES_PER_MINUTE", default: 60, range: 1...10_000),
            reminderTickMilliseconds: try integer(env, "REMINDER_TICK_MS", default: 1000, range: 100...60_000),
            reminderLookaheadMilliseconds: try integer(env, "REMINDER_LOOKAHEAD_MS", default: 5000, range: 0...15_000),
            firesReminders: try boolean(env, "FIRE_REMINDERS", default: true),
            vapidKey: try secret(env, "VAPID_PRIVATE_KEY", bytes: 32...32),
            pushServices: env["PUSH_SERVICES"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                ?? WebPush.knownServices,
            mediaStore: try mediaStore(env),
            accessLogKey: try accessLogKey(env),
            accessLogCoalesce: Double(try integer(env, "ACCESS_LOG_COALESCE_SECONDS", default: 600, range: 0...86_400)),
            databasePoolSize: try integer(env, "DATABASE_POOL_SIZE", default: 4, range: 1...64),
            databasePoolTimeout: Double(try integer(env, "DATABASE_POOL_TIMEOUT_SECONDS", default: 10, range: 1...300)),
            publicDirectory: try publicDirectory(env)
        )
    }

    /// `PUBLIC_DIR`: a folder holding the web app's `index.html`.
    private static func publicDirectory(_ env: [String: String]) throws -> String? {
        guard let path = env["PUBLIC_DIR"], !path.isEmpty else { return nil }
        guard FileManager.default.fileExists(atPath: path + "/index.html") else {
            throw ConfigError(variable: "PUBLIC_DIR", problem: "must be a folder with the web app's index.html")
        }
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// `ACCESS_LOG_KEY`: at least 32 bytes, as 64 or more hex digits or as base64.
    private static func accessLogKey(_ env: [String: String]) throws -> Data? {
        try secret(env, "ACCESS_LOG_KEY", bytes: 32...)
    }

    /// A secret of the configuration, as hex digits, base64 or base64url.
    private static func secret(_ env: [String: String], _ variable: String, bytes: some RangeExpression<Int>) throws -> Data? {
        guard let text = env[variable], !text.isEmpty else { return nil }
        let hex = text.count % 2 == 0 && text.allSatisfy(\.isHexDigit)
            ? Data(stride(from: 0, to: text.count, by: 2).compactMap { offset -> UInt8? in
                let start = text.index(text.startIndex, offsetBy: offset)
                return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)
            }) : nil
        guard let key = hex ?? WebPush.data(base64URL: text), bytes.contains(key.count) else {
            throw ConfigError(variable: variable, problem: "must be a key of the right length (32 bytes for a VAPID key, at least 32 for the log's), as hex digits or base64")
        }
        return key
    }

    static func integer(
        _ env: [String: String],
        _ name: String,
        default value: Int,
        range: ClosedRange<Int>
    )
        throws -> Int
    {
        guard let text = env[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigError(
                variable: name,
                problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return number
    }

    private static func mediaStore(_ env: [String: String]) throws -> MediaStoreKind {
        guard let text = env["MEDIA_STORE"], !text.isEmpty else { return .files }
        guard let kind = MediaStoreKind(rawValue: text) else {
            throw ConfigError(variable: "MEDIA_STORE", problem: "must be files or database")
        }
        return kind
    }

    static func boolean(_ env: [String: String], _ name: String, default value: Bool) throws -> Bool {
        guard let text = env[name]?.lowercased(), !text.isEmpty else { return value }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(variable: name, problem: "must be true or false")
        }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    package var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:) sets the configuration first") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}
