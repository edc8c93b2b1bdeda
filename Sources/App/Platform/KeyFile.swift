import Foundation
import MobilizeCore

#if canImport(Glibc)
import Glibc
#endif

/// A secret kept in a file of the data directory when the configuration brings none: made once,
/// readable by the server's user alone, shared by instances that share the directory.
enum KeyFile {
    static func key(named name: String, in directory: String, variable: String = "ACCESS_LOG_KEY") throws -> Data {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        var generator = SystemRandomNumberGenerator()
        let fresh = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        // Created exclusively: of two instances starting at once, one writes and both read it.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            let text = Array(Hex.encode(fresh).utf8) + [10]
            _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = stride(from: 0, to: text.count - 1, by: 2).compactMap { offset -> UInt8? in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)
        }
        guard bytes.count >= 32 else {
            throw ConfigError(variable: variable, problem: "is unset and \(path) holds no key of 32 bytes")
        }
        return Data(bytes)
    }
}
