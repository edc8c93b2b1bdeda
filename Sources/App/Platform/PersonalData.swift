import Fluent
import SQLKit
import Vapor

/// The registry of personal data. Each feature declares every table that holds data about a
/// person: which columns point at the person, what erasure does to those rows, and how long the
/// rows are kept. Insight, export and erasure all work from this list, and a test fails when the
/// database has a column referring to a person that no declaration covers.
struct PersonalDataDeclaration: Sendable {
    enum Erasure: Sendable, Equatable {
        /// The row is about the person: it goes.
        case deleteRow
        /// The row belongs to someone else too: the reference is cleared ("a deleted user").
        case setNull
        /// The row stays for the others (a message in their conversation): the reference is
        /// cleared, and with it these columns (the text), leaving a marker.
        case setNullClearing([String])
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
    /// Files that belong to the people's rows, removed before the rows are.
    var files: (@Sendable (_ db: any Database, _ people: [UUID], _ dataDirectory: String) async throws -> [URL])? = nil
    /// Keys in the media store that belong to the people's rows (and to nobody else's), removed
    /// before the rows are.
    var media: (@Sendable (_ db: any Database, _ people: [UUID]) async throws -> [String])? = nil
    /// The columns whose rows the dashboard counts and lists as the person's, when not all of
    /// `columns` (the access log lists who looked at the person, not whom they looked at).
    var listedBy: [String]? = nil
}

/// The categories of the privacy policy, section 6.1, as the export and the dashboard name them.
enum DataCategory: String, Codable, Sendable, CaseIterable {
    case profile, institutions, relationships, invitations, sessions, consents, pictures, exports, billing
    case heldPictures = "held-pictures"
    case pictogramNames = "pictogram-names"
    case activities
    case routines
    case messages
    case goals
    case rewards
    case reminders
    case pushSubscriptions = "push-subscriptions"
    case notices
    case calendarFeeds = "calendar-feeds"
    case breachNotices = "breach-notices"
    case accessLog = "access-log"
}

/// The registry of every feature's personal data, assembled by the composition root and kept on
/// the application (`app.personalData`). Order matters for erasure: rows that point at other
/// rows go before those.
struct PersonalDataRegistry: Sendable {
    var declarations: [PersonalDataDeclaration] = []
    var readers: [DataCategory: CategoryReader] = [:]
    /// Large categories the export reads page by page.
    var streamers: [DataCategory: CategoryStreamer] = [:]

    /// Tables that refer to a person but hold no personal data about them, each with its reason.
    static let exemptions: [String: String] = [
        "_fluent_migrations": "the list of applied migrations",
    ]

    /// This registry followed by `other` (erased after this one's rows).
    func followed(by other: PersonalDataRegistry) -> PersonalDataRegistry {
        PersonalDataRegistry(
            declarations: declarations + other.declarations,
            readers: readers.merging(other.readers) { $1 },
            streamers: streamers.merging(other.streamers) { $1 }
        )
    }

    /// Rows per category that refer to the person, as the dashboard lists them.
    func counts(for id: UUID, on db: any Database) async throws -> [DataCategory: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var counts: [DataCategory: Int] = [:]
        for declaration in declarations {
            let query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(declaration.table)
            query.where { group in
                for column in declaration.listedBy ?? declaration.columns.map(\.column) {
                    group.orWhere(SQLIdentifier(column), .equal, SQLBind(id))
                }
                return group
            }
            let count = try await query.first()?.decode(column: "n", as: Int.self) ?? 0
            counts[declaration.category, default: 0] += count
        }
        return counts
    }
}

extension Application {
    private struct PersonalDataKey: StorageKey { typealias Value = PersonalDataRegistry }

    /// Set once by `configure`, before any request.
    var personalData: PersonalDataRegistry {
        get {
            guard let registry = storage[PersonalDataKey.self] else { fatalError("configure(_:) sets the registry") }
            return registry
        }
        set { storage[PersonalDataKey.self] = newValue }
    }
}

/// Reads one category of a person's data, as the person sees it in the dashboard and the export:
/// their own data, and of other people only the names needed to read it.
typealias CategoryReader = @Sendable (_ db: any Database, _ person: UUID) async throws -> any Encodable & Sendable

/// Reads a large category page by page for the export, handing each page to `emit`, so that the
/// export holds one page in memory, not the whole category.
typealias CategoryStreamer =
    @Sendable (
        _ db: any Database, _ person: UUID, _ emit: @Sendable ([any Encodable & Sendable]) throws -> Void
    ) async throws -> Void

/// `{"category": ..., "data": ...}` with data of any shape.
struct CategoryDataEnvelope: Encodable {
    let category: DataCategory
    let data: any Encodable & Sendable

    enum CodingKeys: String, CodingKey { case category, data }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try data.encode(to: container.superEncoder(forKey: .data))
    }
}
