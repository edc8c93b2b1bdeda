import Foundation
import Testing
import VaporTesting

@testable import App

/// Policy 4.2, 5.4 and 8: personal data is not disclosed to third parties, no profiles are made,
/// and nothing is sent to another origin: the web app names no other host, and the server's only
/// outbound traffic is mail to the person it is addressed to.
@Suite struct PolicySection4_2SharingTests {
    /// Every file the browser loads, scanned for addresses of other hosts.
    @Test func theWebAppLoadsNothingFromAnotherHost() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Public")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { ["html", "js", "css", "json", "svg"].contains($0.pathExtension) }
        #expect(files.count > 10)
        let pattern = try Regex(#"(?:https?:)?//[a-zA-Z0-9.-]+\.[a-z]{2,}"#)
        for file in files {
            // The SVG namespace is a name, not an address anything is loaded from.
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
                of: "http://www.w3.org/2000/svg",
                with: ""
            )
            let hosts = text.matches(of: pattern).map { String(text[$0.range]) }
            #expect(hosts.isEmpty, "\(file.lastPathComponent) names \(hosts)")
        }
    }

    @Test func mailsGoOnlyToThePersonTheyAreAbout() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            _ = try await context.client.post(
                "/api/v1/users/\(fixtures.child.id)/invitations",
                token: fixtures.guardian.token,
                json: ["email": "aunt@example.org", "role": "viewer"]
            )
            _ = try await context.client.post("/api/v1/auth/password/forgot", json: ["email": "paul@example.org"])
            let sent = await context.mailer.sent
            #expect(Set(sent.map(\.to)) == ["aunt@example.org", "paul@example.org"])
            let message = MIME.message(sent[0], from: context.app.config.mailFrom, date: Date(), messageID: "x@y")
            #expect(!message.contains("Bcc:") && !message.contains("Cc:"))
        }
    }
}
