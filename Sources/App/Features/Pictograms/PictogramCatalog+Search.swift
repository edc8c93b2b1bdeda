import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Searching the catalog: the everyday vocabulary first, then the archive's names and keywords.
extension PictogramCatalog {
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
}
