import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// The catalog before anything is searched for.
extension PictogramCatalog {
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
}
