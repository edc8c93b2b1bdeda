import Foundation
import Testing

@testable import MobilizeCore

/// The recurrence engine against an independent implementation (python-dateutil) over thousands of
/// generated rules, two years each, in Europe/Copenhagen: four daylight-saving changes, starts in the
/// spring-forward gap and in the doubled autumn hour included.
@Suite struct RecurrenceReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python")
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: python.path)
            || ProcessInfo.processInfo.environment["MOBILIZE_REQUIRE_SERVICES"] == "1"
    }

    struct Case: Codable {
        var id: String
        var rule: String
        var start: String
        var end: String
        var zone: String
    }

    /// A rule drawn from the parts the engine supports, in combinations RFC 5545 allows.
    static func randomRule(_ rng: inout SplitMix) -> RecurrenceRule {
        let frequency = RecurrenceRule.Frequency.allCases.randomElement(using: &rng)!
        var rule = RecurrenceRule(frequency: frequency)
        rule.interval = [1, 1, 1, 2, 3].randomElement(using: &rng)!
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func some<T>(_ values: [T], max: Int) -> [T] {
            Array(values.shuffled(using: &rng).prefix(Int.random(in: 1...max, using: &rng)))
        }
        switch frequency {
        case .daily:
            if chance(0.3) { rule.byDay = some(Array(0..<7), max: 4).map { .init($0) } }
            if chance(0.2) { rule.byMonth = some(Array(1...12), max: 4) }
            if chance(0.15) { rule.byMonthDay = some([1, 2, 15, 28, 30, 31, -1, -2], max: 3) }
        case .weekly:
            if chance(0.7) { rule.byDay = some(Array(0..<7), max: 5).map { .init($0) } }
            if chance(0.15) { rule.byMonth = some(Array(1...12), max: 6) }
            if chance(0.3) { rule.weekStart = Int.random(in: 0..<7, using: &rng) }
        case .monthly:
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: break
            case 1: rule.byMonthDay = some([1, 5, 10, 15, 20, 28, 29, 30, 31, -1, -2, -7], max: 3)
            case 2:
                // All with ordinals or none: dateutil answers nothing for a mix such as TU,-1SU
                // (RFC 5545 means both; a hand-picked test covers it).
                let ordinals = chance(0.7)
                rule.byDay = some(Array(0..<7), max: 3).map {
                    .init($0, ordinal: ordinals ? [1, 2, 3, 4, -1, -2, 5].randomElement(using: &rng)! : nil)
                }
            default:
                rule.byDay = some(Array(0..<5), max: 5).map { .init($0) }
                rule.bySetPos = some([1, 2, -1, -2, 3], max: 2)
            }
            if chance(0.15) { rule.byMonth = some(Array(1...12), max: 6) }
        case .yearly:
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: break
            case 1: rule.byMonth = some(Array(1...12), max: 3)
            case 2:
                rule.byMonth = some(Array(1...12), max: 3)
                rule.byMonthDay = some([1, 10, 29, 30, 31, -1], max: 2)
            case 3:
                rule.byMonth = some(Array(1...12), max: 2)
                let ordinals = chance(0.7)
                rule.byDay = some(Array(0..<7), max: 2).map {
                    .init($0, ordinal: ordinals ? [1, 2, -1, 4].randomElement(using: &rng)! : nil)
                }
            default:
                rule.byDay = [
                    .init(Int.random(in: 0..<7, using: &rng), ordinal: [1, 10, 20, -1, -5].randomElement(using: &rng)!)
                ]
            }
        }
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: rule.count = Int.random(in: 1...40, using: &rng)
        case 1:
            let days = Int.random(in: 10...700, using: &rng)
            rule.until = .utc(
                Date(
                    timeIntervalSince1970: 1_767_225_600
                        + TimeInterval(days * 86_400 + 3_600 * Int.random(in: 0..<24, using: &rng))
                )
            )
        default: break
        }
        return rule
    }

    @Test(.enabled(if: available)) func agreesWithPythonDateutilOnTwoThousandRules() throws {
        var rng = SplitMix(seed: 2026)
        let zone = TimeZone(identifier: "Europe/Copenhagen")!
        // Starts through 2026, some in the spring-forward gap (29 March 02:30) or the doubled hour
        // (25 October 02:30); two years each.
        let specialStarts = ["2026-03-29T02:30", "2026-10-25T02:30", "2026-03-28T02:30", "2026-10-24T02:30"]
        var cases: [Case] = []
        var ours: [String: [Int]] = [:]
        for index in 0..<2_000 {
            let rule = Self.randomRule(&rng)
            let start: LocalDateTime
            if index % 10 == 0 {
                start = LocalDateTime(iso: specialStarts[index / 10 % specialStarts.count])!
            } else {
                let day = LocalDate(year: 2026, month: 1, day: 1).adding(days: Int.random(in: 0..<365, using: &rng))
                start = LocalDateTime(
                    date: day,
                    hour: [7, 8, 12, 17, 23, 0].randomElement(using: &rng)!,
                    minute: [0, 15, 30].randomElement(using: &rng)!
                )
            }
            let end = LocalDateTime(date: start.date.adding(days: 730), hour: 12, minute: 0)
            // Our rule survives its own text form.
            let parsed = try RecurrenceRule(parsing: rule.description)
            #expect(parsed == rule, "\(rule)")
            cases.append(
                Case(
                    id: "\(index)",
                    rule: rule.description,
                    start: start.description,
                    end: end.description,
                    zone: zone.identifier
                )
            )
            ours["\(index)"] = parsed.occurrences(from: start, in: zone, through: end).map {
                Int($0.instant(in: zone).timeIntervalSince1970)
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rrule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.json")
        let output = directory.appendingPathComponent("expected.json")
        try JSONEncoder().encode(cases).write(to: input)
        let process = Process()
        process.executableURL = Self.python
        process.arguments = [
            Self.root.appendingPathComponent("Tests/support/rrule_reference.py").path, input.path, output.path,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as! [String: Any]
        var disagreements: [String] = []
        var occurrences = 0
        for item in cases {
            guard let reference = expected[item.id] as? [Int] else {
                disagreements.append(
                    "\(item.rule) from \(item.start): reference says \(expected[item.id] ?? "nothing")"
                )
                continue
            }
            occurrences += reference.count
            if reference != ours[item.id] {
                disagreements.append(
                    "\(item.rule) from \(item.start): ours \(ours[item.id]!.prefix(6)) (\(ours[item.id]!.count)), reference \(reference.prefix(6)) (\(reference.count))"
                )
            }
        }
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) of \(cases.count) rules differ, e.g. \(disagreements.prefix(5))"
        )
        #expect(occurrences > 20_000, "the rules produce real work: \(occurrences) occurrences")
    }
}
