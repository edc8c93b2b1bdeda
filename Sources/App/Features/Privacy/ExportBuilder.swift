import Fluent
import Foundation
import MobilizeCore
import ZIPFoundation

/// Builds the ZIP of an export: one JSON file per category and a README in the person's
/// language. Each category goes to a temporary file first and is streamed into the archive, so
/// memory holds one category at a time, never the whole archive.
struct ExportBuilder {
    let db: any Database
    let media: any MediaStore
    let directory: URL
    /// What each category holds and how it is read.
    let registry: PersonalDataRegistry

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
            let file = work.appendingPathComponent("\(category.rawValue).json")
            if let streamer = registry.streamers[category] {
                try await JSONArrayFile.write(to: file, encoder: encoder) { emit in try await streamer(db, id, emit) }
            } else if let reader = registry.readers[category] {
                try encoder.encode(try await reader(db, id)).write(to: file)
            } else {
                continue
            }
            try archive.addEntry(with: "\(category.rawValue).json", fileURL: file, compressionMethod: .deflate)
        }
        try await addPictures(of: id, to: archive)
        let readme = work.appendingPathComponent("README.txt")
        try Data(ExportReadme.text(for: person.locale, name: person.name).utf8).write(to: readme)
        try archive.addEntry(with: "README.txt", fileURL: readme, compressionMethod: .deflate)
        // rename(2) replaces the destination in one step: never half a file under the real name.
        guard rename(partial.path, destination.path) == 0 else { throw ExportError.notMoved }
        let size = try FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int ?? 0
        return size
    }
}

extension ExportBuilder {
    /// The person's pictures themselves, `pictures/<id>.jpg` or `.png` in their largest stored
    /// size (as in `pictures.json`), read one at a time.
    func addPictures(of person: UUID, to archive: Archive) async throws {
        var after: UUID?
        while true {
            let query = Picture.query(on: db).filter(\.$user.$id == person).sort(\.$id).limit(50)
            if let after { query.filter(\.$id > after) }
            let page = try await query.all()
            for picture in page {
                guard let data = try await media.get(picture.originalKey) else { continue }
                let name = "pictures/\(try picture.requireID().uuidString.lowercased())"
                try archive.addEntry(
                    with: name + (picture.contentType == "image/png" ? ".png" : ".jpg"),
                    type: .file,
                    uncompressedSize: Int64(data.count),
                    provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
                )
            }
            guard page.count == 50 else { return }
            after = page.last?.id
        }
    }
}

enum ExportError: Error {
    case notMoved
}

/// Writes a JSON array to a file item by item, as pages of items arrive.
enum JSONArrayFile {
    final class Writer: @unchecked Sendable {
        let handle: FileHandle
        let encoder: JSONEncoder
        var first = true

        init(handle: FileHandle, encoder: JSONEncoder) {
            self.handle = handle
            self.encoder = encoder
        }

        func write(_ items: [any Encodable & Sendable]) throws {
            for item in items {
                handle.write(Data((first ? "\n" : ",\n").utf8))
                handle.write(try encoder.encode(item))
                first = false
            }
        }
    }

    static func write(
        to file: URL,
        encoder: JSONEncoder,
        _ produce: (@escaping @Sendable ([any Encodable & Sendable]) throws -> Void) async throws -> Void
    ) async throws {
        FileManager.default.createFile(atPath: file.path, contents: Data("[".utf8))
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        let writer = Writer(handle: handle, encoder: encoder)
        try await produce { try writer.write($0) }
        handle.write(Data("\n]\n".utf8))
    }
}
