import Foundation
import MobilizeCore

/// The versions of the privacy policy. A new version is appended here with its texts in
/// `Policies/`; `significant` asks everyone to consent again.
struct PolicyVersion: Sendable, Equatable {
    let version: Int
    let updatedOn: String
    let significant: Bool
}

enum PrivacyPolicy {
    static let versions = [PolicyVersion(version: 1, updatedOn: "2026-11-26", significant: true)]

    static var current: PolicyVersion { versions.last! }

    /// The newest significant version: consent to an older one must be given again.
    static var lastSignificant: Int { versions.last { $0.significant }?.version ?? 1 }

    static func text(version: Int, language: Language) -> String? {
        guard
            let url = Bundle.module.url(
                forResource: "privacy-\(version).\(language.rawValue)",
                withExtension: "md",
                subdirectory: "Policies"
            )
        else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}
