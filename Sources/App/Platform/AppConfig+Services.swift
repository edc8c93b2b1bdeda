import Foundation
import MobilizeCore

/// The outside services the server may use, read from the environment: an SMS gateway and the
/// open-licence picture services.
extension AppConfig {
    /// `SMS_GATEWAY_URL` (http or https), `SMS_GATEWAY_AUTHORIZATION` (the header's whole value),
    /// `SMS_GATEWAY_TEMPLATE`, `SMS_GATEWAY_ENCODING` (`json` or `form`), `SMS_SENDER`.
    static func smsGateway(_ env: [String: String]) throws -> SMSGateway? {
        guard let text = env["SMS_GATEWAY_URL"], !text.isEmpty else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigError(variable: "SMS_GATEWAY_URL", problem: "must be an http(s) URL")
        }
        guard let encoding = SMS.Encoding(rawValue: env["SMS_GATEWAY_ENCODING"].flatMap { $0.isEmpty ? nil : $0 } ?? "json") else {
            throw ConfigError(variable: "SMS_GATEWAY_ENCODING", problem: "must be json or form")
        }
        let standard = encoding == .json ? #"{"to":"{{to}}","from":"{{from}}","text":"{{text}}"}"# : "to={{to}}&from={{from}}&text={{text}}"
        let template = env["SMS_GATEWAY_TEMPLATE"].flatMap { $0.isEmpty ? nil : $0 } ?? standard
        guard template.contains("{{to}}"), template.contains("{{text}}") else {
            throw ConfigError(variable: "SMS_GATEWAY_TEMPLATE", problem: "must hold {{to}} and {{text}}")
        }
        let sender = env["SMS_SENDER"].flatMap { $0.isEmpty ? nil : $0 } ?? "Mobilize"
        return SMSGateway(
            url: url, authorization: env["SMS_GATEWAY_AUTHORIZATION"].flatMap { $0.isEmpty ? nil : $0 }, template: template,
            encoding: encoding, sender: sender
        )
    }

    /// `PICTURE_SEARCH` (`openverse,wikimedia`, in the order asked), `PICTURE_SEARCH_OPENVERSE_URL`,
    /// `PICTURE_SEARCH_WIKIMEDIA_URL`, `PICTURE_SEARCH_TIMEOUT_MS`, `PICTURE_DOWNLOAD_TIMEOUT_MS`,
    /// `PICTURE_DOWNLOAD_MAX_MB`.
    static func pictureSearch(_ env: [String: String]) throws -> PictureSearch? {
        guard let text = env["PICTURE_SEARCH"], !text.isEmpty else { return nil }
        var providers: [(name: PictureProviderName, base: URL)] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let name = PictureProviderName(rawValue: word), !providers.contains(where: { $0.name == name }) else {
                throw ConfigError(variable: "PICTURE_SEARCH", problem: "names openverse and wikimedia, each once, comma-separated")
            }
            let variable = "PICTURE_SEARCH_\(word.uppercased())_URL"
            let baseText = env[variable].flatMap { $0.isEmpty ? nil : $0 } ?? name.standardBase
            guard let base = URL(string: baseText), ["http", "https"].contains(base.scheme ?? ""), base.host != nil else {
                throw ConfigError(variable: variable, problem: "must be an http(s) URL")
            }
            providers.append((name, base))
        }
        return PictureSearch(
            providers: providers,
            searchTimeout: .milliseconds(try integer(env, "PICTURE_SEARCH_TIMEOUT_MS", default: 5000, range: 500...30_000)),
            downloadTimeout: .milliseconds(try integer(env, "PICTURE_DOWNLOAD_TIMEOUT_MS", default: 20_000, range: 1000...120_000)),
            downloadMaxBytes: try integer(env, "PICTURE_DOWNLOAD_MAX_MB", default: 20, range: 1...50) << 20
        )
    }

    /// `PICTURE_GUARD` (on unless `false`), `PICTURE_GUARD_LANGUAGES` (Tesseract's names, `+` between),
    /// `PICTURE_GUARD_TIMEOUT_MS`: how long reading one photo may take before it passes unread.
    static func pictureGuard(_ env: [String: String]) throws -> PictureGuardSettings? {
        guard try boolean(env, "PICTURE_GUARD", default: true) else { return nil }
        let languages = env["PICTURE_GUARD_LANGUAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? "dan+nor+swe+eng"
        guard languages.split(separator: "+").allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isLetter) }) else {
            throw ConfigError(variable: "PICTURE_GUARD_LANGUAGES", problem: "names languages as Tesseract does, like dan+eng")
        }
        return PictureGuardSettings(
            languages: languages,
            timeout: .milliseconds(try integer(env, "PICTURE_GUARD_TIMEOUT_MS", default: 4000, range: 500...60_000))
        )
    }
}

/// The guard against sensitive pictures: the languages its reading knows, and how long it may read.
struct PictureGuardSettings: Sendable, Equatable {
    var languages: String
    var timeout: Duration
}
