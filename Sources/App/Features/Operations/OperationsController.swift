import Fluent
import SQLKit
import Vapor

/// Liveness, readiness and the API contract.
struct OperationsController: RouteCollection {
    struct Health: Content {
        var status: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("api", "openapi.yaml", use: contract)
    }

    func health(req: Request) async throws -> Health {
        Health(status: "ok")
    }

    /// Ready when the database answers.
    func ready(req: Request) async throws -> Health {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            try await sql.raw("SELECT 1").run()
            return Health(status: "ok")
        } catch {
            throw Problem(
                .serviceUnavailable,
                type: "unavailable",
                title: "Not ready",
                detail: "The database does not answer."
            )
        }
    }

    func contract(req: Request) async throws -> Response {
        let path = req.application.directory.workingDirectory + "openapi.yaml"
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }
}
