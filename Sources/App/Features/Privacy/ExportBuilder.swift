import Fluent
import Foundation
import MobilizeCore
import ZIPFoundation

/// Builds the ZIP of an export: one JSON file per category and a README in the person's
/// language. Each category goes to a temporary file first and is streamed into the archive, so
/// memory holds one category at a time, never the whole archive.
struct ExportBuilder {
    let db: any Database
    let directory: URL

    static func path(of id: UUID, in dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("exports").appendingPathComponent(
            "\(id.uuidString.lowercased()).zip"
        )
    }

    /// Writes the archive atomically: to a temporary name first, renamed when complete.
    func build(for person: User, to destination: URL) async throws -> Int {
        let id = try person.requireID()
        let work = directory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let partial = destination.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        defer { try? FileManager.default.removeItem(at: partial) }
        let archive = try Archive(url: partial, accessMode: .create)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for category in DataCategory.allCases {
            guard let reader = PersonalData.readers[category] else { continue }
            let file = work.appendingPathComponent("\(category.rawValue).json")
            try encoder.encode(try await reader(db, id)).write(to: file)
            try archive.addEntry(with: "\(category.rawValue).json", fileURL: file, compressionMethod: .deflate)
        }
        let readme = work.appendingPathComponent("README.txt")
        try Data(ExportReadme.text(for: person.locale, name: person.name).utf8).write(to: readme)
        try archive.addEntry(with: "README.txt", fileURL: readme, compressionMethod: .deflate)
        // rename(2) replaces the destination in one step: never half a file under the real name.
        guard rename(partial.path, destination.path) == 0 else { throw ExportError.notMoved }
        let size = try FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int ?? 0
        return size
    }
}

enum ExportError: Error {
    case notMoved
}
