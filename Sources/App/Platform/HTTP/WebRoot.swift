import Foundation

/// Where the web app's files are when `PUBLIC_DIR` does not say: `Public/` in the working folder,
/// or else in the source tree the server was built from, so that a server started from another
/// folder still serves its pages and its policy texts.
enum WebRoot {
    static func find(from workingDirectory: String) -> String {
        let here = workingDirectory + (workingDirectory.hasSuffix("/") ? "" : "/") + "Public/"
        if FileManager.default.fileExists(atPath: here + "index.html") { return here }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Public").path + "/"
        return FileManager.default.fileExists(atPath: built + "index.html") ? built : here
    }
}
