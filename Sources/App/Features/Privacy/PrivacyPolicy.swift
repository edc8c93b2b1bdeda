import Foundation
import MobilizeCore

/// The versions of the privacy policy. A new version is appended here with its texts in
/// `Public/policy/`; `significant` asks everyone to consent again.
package struct PolicyVersion: Sendable, Equatable {
    package let version: Int
    let updatedOn: String
    let significant: Bool
}

package enum PrivacyPolicy {
    static let versions = [
        PolicyVersion(version: 1, updatedOn: "2026-11-26", significant: true),
        // A second cookie, for security only: a browser the account signed in from before.
        PolicyVersion(version: 2, updatedOn: "2026-12-04", significant: false),
    ]

    package static var current: PolicyVersion { versions.last! }

    /// The newest significant version: consent to an older one must be given again.
    static var lastSignificant: Int { versions.last { $0.significant }?.version ?? 1 }

    /// The texts live in `Public/policy/`, so the web app can also load them as they are.
    static func text(version: Int, language: Language, publicDirectory: String) -> String? {
        try? String(
            contentsOfFile: publicDirectory + "policy/privacy-\(version).\(language.rawValue).md",
            encoding: .utf8
        )
    }
}
