import Fluent
import Foundation
import MobilizeCore
import Vapor

/// Imports the pictogram archive: OpenMoji's drawings, rendered to PNG here, named in Danish,
/// Norwegian Bokmål, Swedish, English and German from the Unicode CLDR annotations. Running it
/// again changes nothing that is already there; an interrupted run finishes on the next.
struct PictogramImporter {
    struct Sources {
        /// OpenMoji's directory holding `svg/` and `LICENSE`.
        var openMoji: URL
        /// CLDR's `common/` directory, holding `annotations/` and `annotationsDerived/`.
        var cldr: URL
    }

    struct Report: Equatable {
        var added = 0
        var kept = 0
        var names = 0
    }

    /// CLDR file names by the language they are shown in (CLDR keeps Bokmål under `no`).
    static let cldrFiles = ["da": "da", "nb": "no", "sv": "sv", "en": "en", "de": "de"]

    let app: Application
    /// Only these emoji (CLDR keys), for tests; nil imports everything.
    var only: Set<String>? = nil

    func run(_ sources: Sources, log: (String) -> Void = { _ in }) async throws -> Report {
        let annotations = try Self.annotations(in: sources.cldr)
        let drawings = try Self.drawings(in: sources.openMoji).filter { key, _ in
            annotations["en"]?[key]?.name != nil && (only?.contains(key) ?? true)
        }
        log("\(drawings.count) pictograms with names")
        var report = Report()
        let existing = try await Pictogram.query(on: app.db).filter(\.$collection.$id == nil).all()
        var ids = Dictionary(existing.compactMap { p in p.code.map { ($0, p.id!) } }, uniquingKeysWith: { a, _ in a })
        report.kept = drawings.keys.filter { ids[$0] != nil }.count

        // Render the new ones on both threads of the pool, 64 at a time, and store each batch.
        let missing = drawings.keys.filter { ids[$0] == nil }.sorted()
        for batch in stride(from: 0, to: missing.count, by: 64).map({ Array(missing[$0..<min($0 + 64, missing.count)]) }
        ) {
            let pool = app.threadPool
            let halves = [0, 1].map { half in batch.enumerated().filter { $0.offset % 2 == half }.map(\.element) }
            let byKey = try await withThrowingTaskGroup(of: [(String, Data)].self) { group in
                for half in halves {
                    group.addTask {
                        try await pool.runIfActive {
                            try half.map { key in
                                let svg = try Data(contentsOf: drawings[key]!)
                                return (key, try ImagePipeline.rasterizeArchiveSVG(svg, size: Pictogram.renderSize))
                            }
                        }
                    }
                }
                return try await group.reduce(into: [String: Data]()) { all, pairs in
                    for (key, png) in pairs { all[key] = png }
                }
            }
            var created: [Pictogram] = []
            for key in batch {
                let pictogram = Pictogram()
                pictogram.id = UUID()
                pictogram.code = key
                pictogram.imageKey = try await app.media.put(byKey[key]!)
                pictogram.contentType = "image/png"
                pictogram.createdAt = app.clock.now
                created.append(pictogram)
                ids[key] = pictogram.id
            }
            let rows = created
            try await app.db.writeTransaction { db in try await rows.create(on: db) }
            report.added += created.count
            log("rendered \(report.added) of \(missing.count)")
        }

        // Names and keywords: replaced as a whole, so a newer CLDR renames what it renames.
        var names: [PictogramName] = []
        for key in drawings.keys.sorted() {
            guard let id = ids[key] else { continue }
            for lang in PictogramSearch.languages {
                guard let entry = annotations[lang]?[key], let name = entry.name else { continue }
                names.append(PictogramName(pictogramID: id, lang: lang, kind: .name, text: name))
                var seen: Set<String> = [PictogramSearch.fold(name)]
                for keyword in entry.keywords where seen.insert(PictogramSearch.fold(keyword)).inserted {
                    names.append(PictogramName(pictogramID: id, lang: lang, kind: .keyword, text: keyword))
                }
            }
        }
        let archiveIDs = Array(ids.values)
        let rows = names
        try await app.db.writeTransaction { db in
            for chunk in stride(from: 0, to: archiveIDs.count, by: 500) {
                try await PictogramName.query(on: db)
                    .filter(\.$pictogram.$id ~~ Array(archiveIDs[chunk..<min(chunk + 500, archiveIDs.count)])).delete()
            }
            for chunk in stride(from: 0, to: rows.count, by: 2000) {
                try await Array(rows[chunk..<min(chunk + 2000, rows.count)]).create(on: db)
            }
        }
        report.names = names.count
        return report
    }

    /// Names and keywords by language, then by emoji key; derived annotations (skin tones,
    /// keycaps, flags) below the base ones.
    static func annotations(in cldr: URL) throws -> [String: [String: CLDRAnnotations.Entry]] {
        var result: [String: [String: CLDRAnnotations.Entry]] = [:]
        for (lang, file) in cldrFiles {
            var entries: [String: CLDRAnnotations.Entry] = [:]
            for folder in ["annotationsDerived", "annotations"] {
                let url = cldr.appendingPathComponent(folder).appendingPathComponent("\(file).xml")
                guard FileManager.default.fileExists(atPath: url.path) else {
                    if folder == "annotations" { throw ImportError("CLDR annotations missing: \(url.path)") }
                    continue
                }
                for (key, entry) in CLDRAnnotations.parse(try String(contentsOf: url, encoding: .utf8)) {
                    entries[key, default: .init()].name = entry.name ?? entries[key]?.name
                    if !entry.keywords.isEmpty { entries[key, default: .init()].keywords = entry.keywords }
                }
            }
            result[lang] = entries
        }
        return result
    }

    /// The SVG files by emoji key. Skin-tone variants are left out: the archive keeps one
    /// drawing per thing, and a person can add their own pictures.
    static func drawings(in openMoji: URL) throws -> [String: URL] {
        let folder = openMoji.appendingPathComponent("svg")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw ImportError("OpenMoji drawings missing: \(folder.path)")
        }
        var drawings: [String: URL] = [:]
        for file in files where file.hasSuffix(".svg") {
            let key = CLDRAnnotations.key(hexcode: String(file.dropLast(4)))
            guard !key.split(separator: "-").contains(where: { ("1F3FB"..."1F3FF").contains($0) }) else { continue }
            drawings[key] = folder.appendingPathComponent(file)
        }
        return drawings
    }

    struct ImportError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// `mobilize pictograms import [--openmoji DIR] [--cldr DIR]`.
struct PictogramsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "import")
        var action: String
        @Option(
            name: "openmoji",
            help: "OpenMoji's directory with svg/ and LICENSE (default .build/pictograms/openmoji)"
        )
        var openMoji: String?
        @Option(name: "cldr", help: "CLDR's common/ directory (default /usr/share/unicode/cldr/common)")
        var cldr: String?
    }

    var help: String { "Imports the pictogram archive (OpenMoji with CLDR names): `mobilize pictograms import`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "import" else { throw ConfigError(variable: "action", problem: "must be import") }
        let sources = PictogramImporter.Sources(
            openMoji: URL(fileURLWithPath: signature.openMoji ?? ".build/pictograms/openmoji"),
            cldr: URL(fileURLWithPath: signature.cldr ?? "/usr/share/unicode/cldr/common")
        )
        let report = try await PictogramImporter(app: context.application).run(sources) { context.console.print($0) }
        context.console.print(
            "Pictograms: \(report.added) added, \(report.kept) already there, \(report.names) names and keywords."
        )
    }
}
