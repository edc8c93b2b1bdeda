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
        let matches = try await archiveMatches(query)
        var order = matches.order
        var visible = matches.visible
        let ownExact = matches.ownExact
        let words = Self.vocabulary.lookup(query, lang: lang)
        if !words.isEmpty {
            var keys: [String] = []
            for key in words.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
            let found = try await Pictogram.query(on: request.db).filter(\.$collection.$id == nil)
                .filter(\.$code ~~ keys).all()
            let byKey = Dictionary(found.compactMap { p in p.code.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
            let answered = keys.compactMap { byKey[$0] }
            for pictogram in answered { visible[pictogram.id!] = pictogram }
            // A person's own exact name stays first: they named that picture so.
            let own = order.prefix { ownExact.contains($0) }
            let ids = answered.compactMap(\.id)
            order = Array(own) + ids.filter { !own.contains($0) } + order.dropFirst(own.count).filter { !ids.contains($0) }
        }
        var start = 0
        if let after = page.after {
            guard let index = order.firstIndex(of: after) else {
                throw Problem.invalid("after", "is not a cursor from this list")
            }
            start = index + 1
        }
        let window = Array(order[start...].prefix(page.limit + 1))
        let next = window.count > page.limit ? window[page.limit - 1].uuidString : nil
        return Page(items: try await dtos(window.prefix(page.limit).compactMap { visible[$0] }), next: next)
    }

    /// The archive's and collections' pictograms whose names, keywords or own names match, best
    /// first, and those of them the caller may see.
    private func archiveMatches(_ query: String) async throws -> (
        order: [UUID], visible: [UUID: Pictogram], ownExact: Set<UUID>
    ) {
        let folded = PictogramSearch.fold(query)
        guard let sql = request.db as? any SQLDatabase else { return ([], [:], []) }
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
        return (ranked.map(\.id), visible, Set(own.filter { $0.folded == folded }.map(\.pictogramID)))
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
