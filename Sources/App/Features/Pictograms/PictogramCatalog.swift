import Fluent
import MobilizeCore
import SQLKit
import Vapor

struct PictogramDTO: Content {
    var id: UUID
    /// The name to show: the user's own name for it when they gave one.
    var name: String
    /// The archive's (or the collection's) name, in the language asked for.
    var originalName: String
    /// The emoji, for archive pictograms.
    var code: String?
    var collectionId: UUID?
    var image: String
}

/// Which pictograms a person sees and what they are called: the archive for everyone signed in;
/// an institution's collections for its staff, the users it serves and those users' planners.
struct PictogramCatalog {
    let request: Request
    let principal: Principal
    /// The user whose own names count (the caller, or a user they plan for).
    let user: UUID
    let lang: String

    /// The language asked for (`lang`), else the caller's, else English.
    static func language(_ req: Request, principal: Principal) throws -> String {
        if let lang = req.query[String.self, at: "lang"] {
            guard PictogramSearch.languages.contains(lang) else {
                throw Problem.invalid("lang", "must be one of \(PictogramSearch.languages.joined(separator: ", "))")
            }
            return lang
        }
        let own = principal.user.locale.rawValue
        return PictogramSearch.languages.contains(own) ? own : "en"
    }

    /// The catalog for the caller, for `?userId=` when given (the caller must be allowed to read
    /// that user: their own names are that user's data).
    static func forRequest(_ req: Request) async throws -> PictogramCatalog {
        let principal = try req.principal
        var user = principal.userID
        if let text = req.query[String.self, at: "userId"] {
            guard let id = UUID(uuidString: text) else { throw Problem.invalid("userId", "is not a user id") }
            user = try await CircleAccess(request: req).authorize(.read, userID: id).subject.requireID()
        }
        return PictogramCatalog(
            request: req,
            principal: principal,
            user: user,
            lang: try language(req, principal: principal)
        )
    }

    /// Collections the caller may see.
    func visibleCollections() async throws -> [UUID] {
        let db = request.db
        var people = [principal.userID, user]
        people += try await PlannerLink.query(on: db).filter(\.$planner.$id == principal.userID).all(\.$user.$id)
        var institutions = try await StaffMembership.query(on: db).filter(\.$user.$id == principal.userID)
            .all(\.$institution.$id)
        institutions += try await ServedUser.query(on: db).filter(\.$user.$id ~~ people).all(\.$institution.$id)
        guard !institutions.isEmpty else { return [] }
        return try await PictogramCollection.query(on: db).filter(\.$institution.$id ~~ institutions).all(\.$id)
            .compactMap { $0 }
    }

    /// One pictogram, or 404 when the caller may not see it.
    func find(_ id: UUID) async throws -> Pictogram {
        guard let pictogram = try await Pictogram.find(id, on: request.db) else { throw Problem.notFound() }
        if let collection = pictogram.$collection.id, try await !visibleCollections().contains(collection) {
            throw Problem.notFound()
        }
        return pictogram
    }

    /// Languages whose names count, best first: the one asked for, then English. A collection's
    /// pictograms are named in the language their institution gave ("*").
    private var languages: [String] { Array(Set([lang, "en", "*"])) }

    /// Pictograms whose names, keywords or own names match `query`, best first, one page.
    func search(_ query: String, page: PageRequest) async throws -> Page<PictogramDTO> {
        let folded = PictogramSearch.fold(query)
        guard let sql = request.db as? any SQLDatabase else { return Page(items: [], next: nil) }
        let escaped = folded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        func matching(_ table: String) -> SQLSelectBuilder {
            sql.select().from(table).where { group in
                group.orWhere(SQLIdentifier("folded"), .equal, SQLBind(folded))
                for pattern in ["\(escaped)%", "% \(escaped)%", "%-\(escaped)%"] {
                    group.orWhere(
                        SQLBinaryExpression(
                            SQLIdentifier("folded"),
                            SQLBinaryOperator.like,
                            SQLList([SQLBind(pattern), SQLRaw("ESCAPE '\\'")], separator: SQLRaw(" "))
                        )
                    )
                }
                return group
            }
        }
        struct NameRow: Decodable {
            let pictogramID: UUID
            let lang: String
            let kind: String
            let folded: String
            enum CodingKeys: String, CodingKey {
                case pictogramID = "pictogram_id"
                case lang, kind, folded
            }
        }
        let names = try await matching(PictogramName.schema).columns("pictogram_id", "lang", "kind", "folded")
            .where("lang", .in, SQLBind.group(languages)).all(decoding: NameRow.self)
        struct OwnRow: Decodable {
            let pictogramID: UUID
            let folded: String
            enum CodingKeys: String, CodingKey {
                case pictogramID = "pictogram_id"
                case folded
            }
        }
        let own = try await matching(PictogramAlternateName.schema).columns("pictogram_id", "folded")
            .where("user_id", .equal, SQLBind(user)).all(decoding: OwnRow.self)

        var terms: [UUID: [PictogramSearch.Term]] = [:]
        for row in names {
            let kind = PictogramSearch.Kind(rawValue: row.kind) ?? .keyword
            terms[row.pictogramID, default: []].append(
                .init(kind: kind, text: row.folded, preferredLanguage: row.lang != "en" || lang == "en")
            )
        }
        for row in own {
            terms[row.pictogramID, default: []].append(
                .init(kind: .alternate, text: row.folded, preferredLanguage: true)
            )
        }
        // Collections the caller may not see drop out here.
        let collections = Set(try await visibleCollections())
        var visible: [UUID: Pictogram] = [:]
        // The name shown, for ordering matches of the same rank: shorter (more general) first.
        var shown: [UUID: String] = Dictionary(
            own.map { ($0.pictogramID, $0.folded) },
            uniquingKeysWith: { a, _ in a }
        )
        var keywords: [UUID: Int] = [:]
        let ids = Array(terms.keys)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for pictogram in try await Pictogram.query(on: request.db).filter(\.$id ~~ chunk).all()
            where pictogram.$collection.id.map(collections.contains) ?? true {
                visible[pictogram.id!] = pictogram
            }
            for name in try await PictogramName.query(on: request.db).filter(\.$pictogram.$id ~~ chunk)
                .filter(\.$lang ~~ [lang, "*"]).all()
            {
                if name.kind == PictogramSearch.Kind.keyword.rawValue {
                    keywords[name.$pictogram.id, default: 0] += 1
                } else if shown[name.$pictogram.id] == nil {
                    shown[name.$pictogram.id] = name.folded
                }
            }
        }
        // Equal matches: the one with fewer keywords (about less else: "automobile" before "tram
        // car" for "car"), then the shorter name.
        let ranked = terms.compactMap { id, terms -> (id: UUID, rank: Int, keywords: Int, name: String)? in
            guard visible[id] != nil, let rank = PictogramSearch.rank(terms, query: folded) else { return nil }
            return (id, rank, keywords[id] ?? 0, shown[id] ?? terms[0].text)
        }.sorted { a, b in
            (a.rank, a.keywords, a.name.count, a.name, a.id.uuidString)
                < (b.rank, b.keywords, b.name.count, b.name, b.id.uuidString)
        }
        var start = 0
        if let after = page.after {
            guard let index = ranked.firstIndex(where: { $0.id == after }) else {
                throw Problem.invalid("after", "is not a cursor from this list")
            }
            start = index + 1
        }
        let window = Array(ranked[start...].prefix(page.limit + 1))
        let next = window.count > page.limit ? window[page.limit - 1].id.uuidString : nil
        return Page(items: try await dtos(window.prefix(page.limit).compactMap { visible[$0.id] }), next: next)
    }

    /// The archive and visible collections in a stable order, when nothing is searched for.
    func browse(page: PageRequest, collection: UUID? = nil) async throws -> Page<PictogramDTO> {
        let query = Pictogram.query(on: request.db)
        if let collection {
            query.filter(\.$collection.$id == collection)
        } else {
            let collections = try await visibleCollections()
            query.group(.or) {
                $0.filter(\.$collection.$id == nil)
                if !collections.isEmpty { $0.filter(\.$collection.$id ~~ collections) }
            }
        }
        query.sort(\.$id)
        if let after = page.after { query.filter(\.$id > after) }
        let rows = try await query.limit(page.limit + 1).all()
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? shown.last?.id?.uuidString : nil
        return Page(items: try await dtos(shown), next: next)
    }

    /// The DTOs, named in the language asked for and with the user's own names.
    func dtos(_ pictograms: [Pictogram]) async throws -> [PictogramDTO] {
        let ids = pictograms.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let names = try await PictogramName.query(on: request.db).filter(\.$pictogram.$id ~~ ids)
            .filter(\.$kind == PictogramSearch.Kind.name.rawValue).filter(\.$lang ~~ languages).all()
        let own = try await PictogramAlternateName.query(on: request.db).filter(\.$user.$id == user)
            .filter(\.$pictogram.$id ~~ ids).all()
        return try pictograms.map { pictogram in
            let id = try pictogram.requireID()
            let candidates = names.filter { $0.$pictogram.id == id }
            let original =
                (candidates.first { $0.lang == lang } ?? candidates.first { $0.lang == "*" }
                ?? candidates.first { $0.lang == "en" })?.text ?? pictogram.code ?? ""
            return PictogramDTO(
                id: id,
                name: own.first { $0.$pictogram.id == id }?.name ?? original,
                originalName: original,
                code: pictogram.code,
                collectionId: pictogram.$collection.id,
                image: "/api/v1/pictograms/\(id)/image"
            )
        }
    }
}
