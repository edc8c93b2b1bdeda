import Fluent
import MobilizeCore
import SQLKit
import Vapor

/// Which pictograms a person sees and what they are called: the archive for everyone signed in;
/// an institution's collections for its staff, the users it serves and those users' planners.
struct PictogramCatalog {
    let request: Request
    let principal: Principal
    /// The user whose own names count (the caller, or a user they plan for).
    let user: UUID
    let lang: String

    /// The language asked for (`lang`), else the caller's, else English.
    static func language(_ req: Request, principal: Principal) throws -> String {
        if let lang = req.queryValues(PictogramLanguageQuery.self).lang {
            guard PictogramSearch.languages.contains(lang) else {
                throw Problem.invalid("lang", "must be one of \(PictogramSearch.languages.joined(separator: ", "))")
            }
            return lang
        }
        let own = principal.user.locale.rawValue
        return PictogramSearch.languages.contains(own) ? own : "en"
    }

    /// The catalog for the caller, for `?userId=` when given (the caller must be allowed to read
    /// that user: their own names are that user's data).
    static func forRequest(_ req: Request) async throws -> PictogramCatalog {
        let principal = try req.principal
        var user = principal.userID
        if let text = req.queryValues(PictogramUserQuery.self).userId {
            guard let id = UUID(uuidString: text) else { throw Problem.invalid("userId", "is not a user id") }
            user = try await CircleAccess(request: req).authorize(.read, userID: id).subject.requireID()
        }
        return PictogramCatalog(
            request: req,
            principal: principal,
            user: user,
            lang: try language(req, principal: principal)
        )
    }

    /// Collections the caller may see.
    func visibleCollections() async throws -> [UUID] {
        let db = request.db
        var people = [principal.userID, user]
        people += try await PlannerLink.query(on: db).filter(\.$planner.$id == principal.userID).all(\.$user.$id)
        var institutions = try await StaffMembership.query(on: db).filter(\.$user.$id == principal.userID)
            .all(\.$institution.$id)
        institutions += try await ServedUser.query(on: db).filter(\.$user.$id ~~ people).all(\.$institution.$id)
        guard !institutions.isEmpty else { return [] }
        return try await PictogramCollection.query(on: db).filter(\.$institution.$id ~~ institutions).all(\.$id)
            .compactMap { $0 }
    }

    /// One pictogram, or 404 when the caller may not see it.
    func find(_ id: UUID) async throws -> Pictogram {
        guard let pictogram = try await Pictogram.find(id, on: request.db) else { throw Problem.notFound() }
        if let collection = pictogram.$collection.id, try await !visibleCollections().contains(collection) {
            throw Problem.notFound()
        }
        return pictogram
    }

    /// Languages whose names count, best first: the one asked for, then English. A collection's
    /// pictograms are named in the language their institution gave ("*").
    var languages: [String] { Array(Set([lang, "en", "*"])) }

    /// The everyday vocabulary, built into the binary.
    static let vocabulary: Vocabulary = {
        do { return try Vocabulary(json: Data(PackageResources.vocabulary_json)) } catch {
            fatalError("Resources/vocabulary.json does not parse: \(error)")
        }
    }()

    /// The vocabulary's pictograms, the daily-routine set first, each once.
    static let everyday: [String] = {
        var keys: [String] = []
        var seen = Set<String>()
        for entry in vocabulary.routine + vocabulary.entries.filter({ !$0.routine }) {
            for key in entry.keys where seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }()

    /// The DTOs, named in the language asked for and with the user's own names.
    func dtos(_ pictograms: [Pictogram]) async throws -> [PictogramDTO] {
        let ids = pictograms.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let names = try await PictogramName.query(on: request.db).filter(\.$pictogram.$id ~~ ids)
            .filter(\.$kind == PictogramSearch.Kind.name.rawValue).filter(\.$lang ~~ languages).all()
        let own = try await PictogramAlternateName.query(on: request.db).filter(\.$user.$id == user)
            .filter(\.$pictogram.$id ~~ ids).all()
        return try pictograms.map { pictogram in
            let id = try pictogram.requireID()
            let candidates = names.filter { $0.$pictogram.id == id }
            let original =
                (candidates.first { $0.lang == lang } ?? candidates.first { $0.lang == "*" }
                ?? candidates.first { $0.lang == "en" })?.text ?? pictogram.code ?? ""
            return PictogramDTO(
                id: id,
                name: own.first { $0.$pictogram.id == id }?.name ?? original,
                originalName: original,
                code: pictogram.code,
                collectionId: pictogram.$collection.id,
                image: "/api/v1/pictograms/\(id)/image"
            )
        }
    }
}
