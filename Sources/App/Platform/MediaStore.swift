import Crypto
import Foundation
import Vapor

/// Where picture files live. Content-addressed: a file's key is the SHA-256 of its bytes, so
/// the same picture is stored once and a key can never name different bytes.
protocol MediaStore: Sendable {
    func put(_ data: Data) async throws -> String
    func get(_ key: String) async throws -> Data?
    func delete(_ key: String) async throws
}

/// Files under `data/media/ab/cd/<key>`, written to a temporary name and renamed, so a crash
/// never leaves half a file under a real key.
struct FileMediaStore: MediaStore {
    let root: URL

    init(dataDirectory: String) {
        root = URL(fileURLWithPath: dataDirectory).appendingPathComponent("media")
    }

    static func key(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func url(of key: String) -> URL {
        root.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(String(key.dropFirst(2).prefix(2)))
            .appendingPathComponent(key)
    }

    func put(_ data: Data) async throws -> String {
        let key = Self.key(of: data)
        let destination = url(of: key)
        guard !FileManager.default.fileExists(atPath: destination.path) else { return key }
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let partial = destination.appendingPathExtension("partial-\(UUID().uuidString)")
        try data.write(to: partial)
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw Abort(.internalServerError)
        }
        return key
    }

    func get(_ key: String) async throws -> Data? {
        guard key.count == 64, key.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: url(of: key).path)
    }

    func delete(_ key: String) async throws {
        try? FileManager.default.removeItem(at: url(of: key))
    }
}

extension Application {
    private struct MediaStoreKey: StorageKey { typealias Value = any MediaStore }

    var media: any MediaStore {
        get {
            guard let store = storage[MediaStoreKey.self] else { fatalError("configure(_:) sets the media store") }
            return store
        }
        set { storage[MediaStoreKey.self] = newValue }
    }
}
