import Fluent
import MobilizeCore
import SQLKit
import Vapor

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
        if let lang = req.queryValues(PictogramLanguageQuery.self).lang {
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
        if let text = req.queryValues(PictogramUserQuery.self).userId {
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

    /// The everyday vocabulary, built into the binary.
    static let vocabulary: Vocabulary = {
        do { return try Vocabulary(json: Data(PackageResources.vocabulary_json)) } catch {
            fatalError("Resources/vocabulary.json does not parse: \(error)")
        }
    }()

    /// The vocabulary's pictograms, the daily-routine set first, each once.
    static let everyday: [String] = {
        var keys: [String] = []
        var seen = Set<String>()
        for entry in vocabulary.routine + vocabulary.entries.filter({ !$0.routine }) {
            for key in entry.keys where seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }()

    /// Pictograms for `query`, best first, one page: what the everyday vocabulary answers (a
    /// person's own name exactly before it), then the archive's names, keywords and own names.
    func search(_ query: String, page: PageRequest) async throws -> Page<PictogramDTO> {
        var matches = try await archiveMatches(query)
        try await putEverydayFirst(query, in: &matches)
        var start = 0
        if let after = page.after {
            guard let index = matches.order.firstIndex(of: after) else {
                throw Problem.invalid("after", "is not a cursor from this list")
            }
            start = index + 1
        }
        let window = Array(matches.order[start...].prefix(page.limit + 1))
        let next = window.count > page.limit ? window[page.limit - 1].uuidString : nil
        return Page(items: try await dtos(window.prefix(page.limit).compactMap { matches.visible[$0] }), next: next)
    }

    /// The pictograms of an archive search, best first, and those of them the caller may see.
    private struct Matches {
        var order: [UUID]
        var visible: [UUID: Pictogram]
        /// Those the user named exactly as searched for.
        var ownExact: Set<UUID>
    }

    /// Puts what the everyday vocabulary answers for `query` first, after the user's own exact names.
    private func putEverydayFirst(_ query: String, in matches: inout Matches) async throws {
        let words = Self.vocabulary.lookup(query, lang: lang)
        guard !words.isEmpty else { return }
        var keys: [String] = []
        for key in words.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
        let found = try await Pictogram.query(on: request.db).filter(\.$collection.$id == nil)
            .filter(\.$code ~~ keys).all()
        let byKey = Dictionary(found.compactMap { p in p.code.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let answered = keys.compactMap { byKey[$0] }
        for pictogram in answered { matches.visible[pictogram.id!] = pictogram }
        // A person's own exact name stays first: they named that picture so.
        let order = matches.order
        let own = order.prefix { matches.ownExact.contains($0) }
        let ids = answered.compactMap(\.id)
        matches.order =
            Array(own) + ids.filter { !own.contains($0) } + order.dropFirst(own.count).filter { !ids.contains($0) }
    }

    /// The archive's and collections' pictograms whose names, keywords or own names match, best
    /// first, and those of them the caller may see.
    private func archiveMatches(_ query: String) async throws -> Matches {
        let folded = PictogramSearch.fold(query)
        guard let sql = request.db as? any SQLDatabase else { return Matches(order: [], visible: [:], ownExact: []) }
        let names = try await matching(PictogramName.schema, folded, in: sql)
            .columns("pictogram_id", "lang", "kind", "folded")
            .where("lang", .in, SQLBind.group(languages)).all(decoding: NameRow.self)
        let own = try await matching(PictogramAlternateName.schema, folded, in: sql).columns("pictogram_id", "folded")
            .where("user_id", .equal, SQLBind(user)).all(decoding: OwnRow.self)
        let terms = self.terms(names: names, own: own)
        // The name shown starts as the user's own.
        let candidates = try await candidates(
            Array(terms.keys),
            shown: Dictionary(own.map { ($0.pictogramID, $0.folded) }, uniquingKeysWith: { a, _ in a })
        )
        return Matches(
            order: Self.ranked(terms, folded, candidates),
            visible: candidates.visible,
            ownExact: Set(own.filter { $0.folded == folded }.map(\.pictogramID))
        )
    }

    /// A name of the archive or a collection that matches.
    private struct NameRow: Decodable {
        let pictogramID: UUID
        let lang: String
        let kind: String
        let folded: String
        enum CodingKeys: String, CodingKey {
            case pictogramID = "pictogram_id"
            case lang, kind, folded
        }
    }

    /// One of the user's own names that matches.
    private struct OwnRow: Decodable {
        let pictogramID: UUID
        let folded: String
        enum CodingKeys: String, CodingKey {
            case pictogramID = "pictogram_id"
            case folded
        }
    }

    /// The rows of `table` whose folded text is the query, or has a word that begins with it.
    private func matching(_ table: String, _ folded: String, in sql: any SQLDatabase) -> SQLSelectBuilder {
        let escaped = folded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return sql.select().from(table).where { group in
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

    /// The matching names of each pictogram, as search terms.
    private func terms(names: [NameRow], own: [OwnRow]) -> [UUID: [PictogramSearch.Term]] {
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
        return terms
    }

    /// What orders matches of the same rank, for the pictograms the caller may see.
    private struct Candidates {
        var visible: [UUID: Pictogram] = [:]
        /// The name shown: shorter (more general) first.
        var shown: [UUID: String]
        /// How many keywords each has: fewer (about less else) first.
        var keywords: [UUID: Int] = [:]
    }

    /// The pictograms of `ids` the caller may see, with their shown names and keyword counts.
    private func candidates(_ ids: [UUID], shown: [UUID: String]) async throws -> Candidates {
        // Collections the caller may not see drop out here.
        let collections = Set(try await visibleCollections())
        var candidates = Candidates(shown: shown)
        for chunk in ids.chunks() {
            for pictogram in try await Pictogram.query(on: request.db).filter(\.$id ~~ chunk).all()
            where pictogram.$collection.id.map(collections.contains) ?? true {
                candidates.visible[pictogram.id!] = pictogram
            }
            for name in try await PictogramName.query(on: request.db).filter(\.$pictogram.$id ~~ chunk)
                .filter(\.$lang ~~ [lang, "*"]).all()
            {
                if name.kind == PictogramSearch.Kind.keyword.rawValue {
                    candidates.keywords[name.$pictogram.id, default: 0] += 1
                } else if candidates.shown[name.$pictogram.id] == nil {
                    candidates.shown[name.$pictogram.id] = name.folded
                }
            }
        }
        return candidates
    }

    /// The visible matches, best first. Equal matches: the one with fewer keywords (about less
    /// else: "automobile" before "tram car" for "car"), then the shorter name.
    private static func ranked(
        _ terms: [UUID: [PictogramSearch.Term]],
        _ folded: String,
        _ candidates: Candidates
    ) -> [UUID] {
        terms.compactMap { id, terms -> (id: UUID, rank: Int, keywords: Int, name: String)? in
            guard candidates.visible[id] != nil, let rank = PictogramSearch.rank(terms, query: folded) else {
                return nil
            }
            return (id, rank, candidates.keywords[id] ?? 0, candidates.shown[id] ?? terms[0].text)
        }.sorted { a, b in
            (a.rank, a.keywords, a.name.count, a.name, a.id.uuidString)
                < (b.rank, b.keywords, b.name.count, b.name, b.id.uuidString)
        }.map(\.id)
    }

    /// When nothing is searched for: first the pictograms the user's plan uses most (and most
    /// recently), then the daily-routine set, the rest of the everyday vocabulary, and then the
    /// archive and visible collections in a stable order. One collection alone in a stable order.
    func browse(page: PageRequest, collection: UUID? = nil) async throws -> Page<PictogramDTO> {
        let query = Pictogram.query(on: request.db)
        var first: [UUID] = []
        if let collection {
            query.filter(\.$collection.$id == collection)
        } else {
            let collections = try await visibleCollections()
            query.group(.or) {
                $0.filter(\.$collection.$id == nil)
                if !collections.isEmpty { $0.filter(\.$collection.$id ~~ collections) }
            }
            first = try await preferred(collections: Set(collections))
        }
        var shown: [UUID] = []
        var rest = page.after
        if let after = page.after, let index = first.firstIndex(of: after) {
            shown = Array(first[(index + 1)...].prefix(page.limit))
            rest = nil
        } else if page.after == nil {
            shown = Array(first.prefix(page.limit))
        }
        // The archive in id order after what came first; one more than fits tells of a next page.
        var pictograms = try await Pictogram.query(on: request.db).filter(\.$id ~~ shown).all()
        if shown.count <= page.limit {
            let skip = Set(first)
            query.sort(\.$id)
            if let rest { query.filter(\.$id > rest) }
            if !skip.isEmpty { query.filter(\.$id !~ Array(skip)) }
            let more = try await query.limit(page.limit + 1 - shown.count).all()
            shown += more.compactMap(\.id)
            pictograms += more
        }
        let byID = Dictionary(pictograms.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let items = shown.prefix(page.limit).compactMap { byID[$0] }
        let next = shown.count > page.limit ? items.last?.id?.uuidString : nil
        return Page(items: try await dtos(items), next: next)
    }

    /// What the picker shows before anything is searched for: the pictograms of the user's
    /// activities, most used first (at most 24), the daily-routine set, then the everyday vocabulary.
    private func preferred(collections: Set<UUID>) async throws -> [UUID] {
        var ids: [UUID] = []
        if let sql = request.db as? any SQLDatabase {
            struct Used: Decodable {
                let pictogramID: UUID
                enum CodingKeys: String, CodingKey { case pictogramID = "pictogram_id" }
            }
            let used = try await sql.raw(
                """
                SELECT pictogram_id FROM \(ident: Activity.schema)
                WHERE user_id = \(bind: user) AND pictogram_id IS NOT NULL
                GROUP BY pictogram_id ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT 24
                """
            ).all(decoding: Used.self)
            let visible = try await Pictogram.query(on: request.db).filter(\.$id ~~ used.map(\.pictogramID)).all()
                .filter { $0.$collection.id.map(collections.contains) ?? true }.compactMap(\.id)
            ids = used.map(\.pictogramID).filter(visible.contains)
        }
        let keys = Self.everyday
        let archive = try await Pictogram.query(on: request.db).filter(\.$collection.$id == nil)
            .filter(\.$code ~~ keys).all()
        let byKey = Dictionary(archive.compactMap { p in p.code.map { ($0, p.id!) } }, uniquingKeysWith: { a, _ in a })
        for id in keys.compactMap({ byKey[$0] }) where !ids.contains(id) { ids.append(id) }
        return ids
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
