import Foundation
import MobilizeCore
import Testing
import VaporTesting

@testable import App

/// One error vocabulary: every failure a client sees is a problem of a listed type, the list in
/// the code and the list in the contract are the same, and no code outside `Platform/Problem*`
/// formats a failure of its own.
@Suite struct ProblemTypesTests {
    /// The `ProblemType` schema's list in `openapi.yaml`.
    static func contractTypes() -> [String] {
        let lines = String(decoding: OperationsController.contractBytes, as: UTF8.self).split(separator: "\n")
        guard let start = lines.firstIndex(of: "    ProblemType:") else { return [] }
        var types: [String] = []
        var inList = false
        for line in lines[(start + 1)...] {
            if line == "      enum:" {
                inList = true
            } else if inList, line.hasPrefix("        - ") {
                types.append(String(line.dropFirst("        - ".count)))
            } else if inList || !line.hasPrefix("      ") {
                break
            }
        }
        return types
    }

    @Test func theCodesTypesAreTheContractsTypes() {
        let contract = Self.contractTypes()
        #expect(!contract.isEmpty, "openapi.yaml lists the problem types under ProblemType")
        #expect(Set(contract) == Set(ProblemType.allCases.map(\.uri)))
        #expect(contract.count == Set(contract).count, "each type once")
    }

    @Test func everyTypeHasAClientErrorOrServerErrorStatusAndATitle() {
        for kind in ProblemType.allCases {
            #expect((400...599).contains(Int(kind.status.code)), "\(kind)")
            #expect(!kind.title.isEmpty)
            let problem = Problem(kind, detail: "x")
            #expect(problem.type == kind.uri && problem.status == Int(kind.status.code) && problem.title == kind.title)
        }
    }

    @Test func whateverIsThrownBecomesAListedProblemWithoutInternals() {
        struct Secret: Error {}
        let listed = Set(ProblemType.allCases.map(\.uri))
        let errors: [any Error] = [
            Secret(), Abort(.notFound), Abort(.uriTooLong), Abort(.internalServerError, reason: "SELECT * FROM users"),
            Abort(.payloadTooLarge), DomainError.invalidToken, DomainError.rateLimited(retryAfterSeconds: 4),
        ]
        for error in errors {
            let problem = Problem(from: error)
            #expect(listed.contains(problem.type), "\(error)")
            #expect(!(problem.detail ?? "").contains("SELECT"))
        }
        #expect(Problem(from: Abort(.uriTooLong)).status == 414)
        #expect(Problem(from: DomainError.rateLimited(retryAfterSeconds: 4)).retryAfter == 4)
    }

    /// Features throw `Problem`s: no `Abort` with a string of its own, no domain error of the app's
    /// making, no handler answering an error status with a body of its own, no type URI written
    /// outside `ProblemType`.
    @Test func noCodeOutsideProblemFormatsAFailure() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/App")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            guard !file.lastPathComponent.hasPrefix("Problem") else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in ["Abort(", "DomainError.", "\"/problems/", "Response(status: .badRequest"]
            where text.contains(pattern) {
                found.append("\(file.lastPathComponent): \(pattern)")
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
