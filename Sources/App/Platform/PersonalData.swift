import Fluent
import SQLKit
import Vapor

/// The registry of personal data. Each feature declares every table that holds data about a
/// person: which columns point at the person, what erasure does to those rows, and how long the
/// rows are kept. Insight, export and erasure all work from this list, and a test fails when the
/// database has a column referring to a person that no declaration covers.
struct PersonalDataDeclaration: Sendable {
    enum Erasure: Sendable {
        /// The row is about the person: it goes.
        case deleteRow
        /// The row belongs to someone else too: the reference is cleared ("a deleted user").
        case setNull
        /// Access-log entries: redacted so the hash chain still verifies.
        case redactAccessLog
    }

    let table: String
    let category: DataCategory
    /// Columns holding a person's id, and what erasing that person does to the row.
    let columns: [(column: String, erasure: Erasure)]
    /// A column holding a person's email address (an invitation to someone without an account).
    var emailColumn: String? = nil
    /// How long the rows are kept, in words (shown in the export's README).
    let retention: String
}

/// The categories of the privacy policy, section 6.1, as the export and the dashboard name them.
enum DataCategory: String, Codable, Sendable, CaseIterable {
    case profile, institutions, relationships, invitations, sessions, consents
    case accessLog = "access-log"
}

enum PersonalData {
    /// Every declaration, feature by feature. Order matters for erasure: rows that point at
    /// other rows go before those.
    static let declarations: [PersonalDataDeclaration] =
        PrivacyData.declarations + InstitutionsData.declarations + CirclesData.declarations + AccountsData.declarations

    /// Tables that refer to a person but hold no personal data about them, each with its reason.
    static let exemptions: [String: String] = [
        "access_log_head": "the newest hash of the access-log chain; no person is named",
        "_fluent_migrations": "the list of applied migrations",
    ]

    /// Rows per category that refer to the person.
    static func counts(for id: UUID, on db: any Database) async throws -> [DataCategory: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var counts: [DataCategory: Int] = [:]
        for declaration in declarations {
            let query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(declaration.table)
            query.where { group in
                for (column, _) in declaration.columns { group.orWhere(SQLIdentifier(column), .equal, SQLBind(id)) }
                return group
            }
            let count = try await query.first()?.decode(column: "n", as: Int.self) ?? 0
            counts[declaration.category, default: 0] += count
        }
        return counts
    }
}
