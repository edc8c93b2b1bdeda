import Foundation
import Testing

@testable import App

/// "What we hold" shows each category's data as labelled lists in the person's language: every
/// field name the data can carry has its label in every language of the web app, so a Danish page
/// never shows an English field name.
@Suite struct DataLabelsTests {
    static func labels(_ language: String, _ prefix: String = "dataField.") throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Public/i18n/\(language).json")
        let texts = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return Set(texts.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
    }

    /// Fields whose values are words of a closed list, shown through `dataValue.<field>.<value>`.
    static let wordFields: Set<String> = ["status", "channel", "measure", "period", "conversation", "found"]

    static func keys(of value: Any, into keys: inout Set<String>, words: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (key, nested) in object {
                keys.insert(key)
                if wordFields.contains(key), let word = nested as? String { words.insert("\(key).\(word)") }
                if wordFields.contains(key), let list = nested as? [String] {
                    for word in list { words.insert("\(key).\(word)") }
                }
                Self.keys(of: nested, into: &keys, words: &words)
            }
        } else if let list = value as? [Any] {
            for item in list { Self.keys(of: item, into: &keys, words: &words) }
        }
    }

    @Test func everyFieldOfEveryCategoryHasALabelInEveryLanguage() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            try await PolicySection7StorageTests.fillEveryTable(context, fixtures)
            var fields: Set<String> = []
            var words: Set<String> = []
            // The access log is shown as sentences of its own, not as fields.
            for category in DataCategory.allCases where category != .accessLog {
                let reply = try await context.client.get(
                    "/api/v1/users/\(fixtures.teen.id)/data/\(category.rawValue)", token: fixtures.teen.token
                )
                #expect(reply.status == .ok, "\(category)")
                let json = try JSONSerialization.jsonObject(with: reply.body)
                let data = (json as? [String: Any])?["data"] ?? [:]
                Self.keys(of: data, into: &fields, words: &words)
            }
            #expect(fields.count > 40, "the data was read")
            for language in ["da", "en"] {
                let missing = fields.subtracting(try Self.labels(language))
                #expect(missing.isEmpty, "\(language) has no label for: \(missing.sorted())")
                let unsaid = words.subtracting(try Self.labels(language, "dataValue."))
                #expect(unsaid.isEmpty, "\(language) has no word for: \(unsaid.sorted())")
            }
        }
    }
}
