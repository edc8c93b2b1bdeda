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
            guard let sql = req.db as? any SQLDatabase else { throw Problem(.unavailable, detail: "The database does not answer.") }
            try await sql.raw("SELECT 1").run()
            return Health(status: "ok")
        } catch {
            throw Problem(
                .unavailable,
                detail: "The database does not answer."
            )
        }
    }

    /// The contract, from the binary itself (built in from `openapi.yaml`).
    func contract(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return Response(status: .ok, headers: headers, body: .init(data: Self.contractBytes))
    }

    static let contractBytes = Data(PackageResources.openapi_yaml)
}
