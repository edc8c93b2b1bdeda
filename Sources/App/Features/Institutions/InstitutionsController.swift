import Fluent
import MobilizeCore
import Vapor

/// Institutions, their departments and staff. Staff see which users the institution serves,
/// never those users' plans: that takes being the user's planner.
struct InstitutionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let institutions = routes.grouped("institutions")
        institutions.get(use: list)
        institutions.post(use: create)
        let one = institutions.grouped(":institutionId")
        one.get(use: show)
        one.post("departments", use: addDepartment)
        one.get("staff", use: staff)
        one.delete("staff", ":userId", use: removeStaff)
        one.post("staff-invitations", use: inviteStaff)
        one.get("users", use: servedUsers)
        one.post("users", use: serveUser)
        one.delete("users", ":userId", use: stopServing)
        routes.post("staff-invitations", ":token", "accept", use: acceptInvitation)
    }

    func list(req: Request) async throws -> Page<InstitutionDTO> {
        let principal = try req.person
        let query = StaffMembership.query(on: req.db).filter(\.$user.$id == principal.userID)
            .with(\.$institution) { $0.with(\.$departments) }
        return try await PageRequest(req).fetch(query) {
            try $0.institution.toDTO(role: $0.role)
        }
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.person
        let body = try req.decode(NameRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        var generator = SystemRandomNumberGenerator()
        let number = "C" + String(UInt32.random(in: 10_000_000...99_999_999, using: &generator))
        let institution = Institution(
            name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            customerNumber: number,
            createdAt: req.now
        )
        try await req.db.writeTransaction { db in
            try await institution.create(on: db)
            try await StaffMembership(
                institutionID: institution.requireID(),
                userID: principal.userID,
                role: .admin,
                departmentID: nil,
                createdAt: req.now
            ).create(on: db)
        }
        institution.$departments.value = []
        return try await institution.toDTO(role: .admin).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> InstitutionDTO {
        let granted = try await InstitutionAccess(request: req).authorize(.read)
        let institution = try await granted.institution(on: req.db)
        try await institution.$departments.load(on: req.db)
        return try institution.toDTO(role: granted.role)
    }

    func addDepartment(req: Request) async throws -> Response {
        let granted = try await InstitutionAccess(request: req).authorize(.manage)
        let body = try req.decode(NameRequest.self)
        var validator = Validator()
        validator.name(body.name)
        try validator.check()
        let department = Department(
            institutionID: granted.institutionID,
            name: body.name.trimmingCharacters(in: .whitespaces)
        )
        try await department.create(on: req.db)
        return try await DepartmentDTO(id: department.requireID(), name: department.name)
            .encodeResponse(status: .created, for: req)
    }
}
