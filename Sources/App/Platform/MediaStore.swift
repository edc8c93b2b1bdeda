import Crypto
import Fluent
import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Where picture files live. Content-addressed: a file's key is the SHA-256 of its bytes, so
/// the same picture is stored once and a key can never name different bytes.
package protocol MediaStore: Sendable {
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
        Hex.encode(SHA256.hash(data: data))
    }

    func url(of key: String) -> URL {
        root.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(String(key.dropFirst(2).prefix(2)))
            .appendingPathComponent(key)
    }

    /// Written to a temporary name, flushed to disk, then renamed: after a crash the key names
    /// the whole file or nothing.
    func put(_ data: Data) async throws -> String {
        let key = Self.key(of: data)
        let destination = url(of: key)
        guard !FileManager.default.fileExists(atPath: destination.path) else { return key }
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let partial = destination.appendingPathExtension("partial-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw Problem.internal()
        }
        return key
    }

    func get(_ key: String) async throws -> Data? {
        guard key.utf8.count == 64, key.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return nil
        }
        return FileManager.default.contents(atPath: url(of: key).path)
    }

    func delete(_ key: String) async throws {
        try? FileManager.default.removeItem(at: url(of: key))
    }
}

/// Keeps small files (thumbnails, pictograms) of any store in memory, so a device loading a day of
/// pictures costs no disk or database read per picture. Keys name their bytes forever, so a kept
/// file is never stale; a deleted one is dropped at once.
final class CachedMediaStore: MediaStore, @unchecked Sendable {
    let base: any MediaStore
    let maxBytes: Int
    let maxItem: Int
    private let lock = NIOLock()
    private var files: [String: Data] = [:]
    private var order: [String] = []
    private var bytes = 0

    init(base: any MediaStore, maxBytes: Int = 32 << 20, maxItem: Int = 256 << 10) {
        self.base = base
        self.maxBytes = maxBytes
        self.maxItem = maxItem
    }

    func put(_ data: Data) async throws -> String { try await base.put(data) }

    func get(_ key: String) async throws -> Data? {
        if let kept = lock.withLock({ files[key] }) { return kept }
        guard let data = try await base.get(key) else { return nil }
        if data.count <= maxItem {
            lock.withLock {
                guard files[key] == nil else { return }
                while bytes + data.count > maxBytes, !order.isEmpty {
                    let oldest = order.removeFirst()
                    bytes -= files.removeValue(forKey: oldest)?.count ?? 0
                }
                files[key] = data
                order.append(key)
                bytes += data.count
            }
        }
        return data
    }

    func delete(_ key: String) async throws {
        lock.withLock {
            if let gone = files.removeValue(forKey: key) {
                bytes -= gone.count
                order.removeAll { $0 == key }
            }
        }
        try await base.delete(key)
    }
}

/// Files as rows of `media_blobs`, for several instances that share a PostgreSQL database but no
/// disk. Same keys as the file store; a row is inserted whole or not at all.
struct DatabaseMediaStore: MediaStore {
    let database: @Sendable () -> any Database

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database() as? any SQLDatabase else { throw Problem.internal() }
            return sql
        }
    }

    func put(_ data: Data) async throws -> String {
        let key = FileMediaStore.key(of: data)
        try await sql.insert(into: MediaBlob.schema).columns("key", "data", "size")
            .values(SQLBind(key), SQLBind(data), SQLBind(data.count))
            .ignoringConflicts(with: "key").run()
        return key
    }

    func get(_ key: String) async throws -> Data? {
        struct Row: Decodable { let data: Data }
        return try await sql.select().column("data").from(MediaBlob.schema).where("key", .equal, SQLBind(key))
            .first(decoding: Row.self)?.data
    }

    func delete(_ key: String) async throws {
        try await sql.delete(from: MediaBlob.schema).where("key", .equal, SQLBind(key)).run()
    }
}

enum MediaBlob {
    static let schema = "media_blobs"
}

extension Application {
    private struct MediaStoreKey: StorageKey { typealias Value = any MediaStore }

    package var media: any MediaStore {
        get {
            guard let store = storage[MediaStoreKey.self] else { fatalError("configure(_:) sets the media store") }
            return store
        }
        set { storage[MediaStoreKey.self] = newValue }
    }
}
