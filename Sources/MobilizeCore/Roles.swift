/// The words of the domain: roles, apps and languages.

import Foundation

/// How a planner is connected to the user a plan is for.
public enum PlannerRole: String, Codable, Sendable, CaseIterable {
    /// Parental authority: manages planners, acts for a child under 13.
    case guardian
    /// Plans and chats.
    case planner
    /// Only looks.
    case viewer
}

/// The app a user sees: Me for children, PlaNet for youth.
public enum AppKind: String, Codable, Sendable, CaseIterable {
    case me
    case planet
}

/// A role inside an institution. Being staff grants no access to any plan.
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    case admin
    case staff
}

/// Languages the product speaks today.
public enum Language: String, Codable, Sendable, CaseIterable {
    case da
    case en

    /// Picks a supported language from an `Accept-Language` header value, English otherwise.
    public static func preferred(from acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage?.lowercased() else { return .en }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if tag.hasPrefix("da") { return .da }
            if tag.hasPrefix("en") { return .en }
        }
        return .en
    }
}
