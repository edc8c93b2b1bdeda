import Fluent
import Foundation
import MobilizeCore

/// The personal data of institutions: memberships, invitations to staff, users served.
enum InstitutionsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: StaffMembership.schema,
            category: .institutions,
            columns: [("user_id", .deleteRow)],
            retention: "while the person is staff"
        ),
        PersonalDataDeclaration(
            table: StaffInvitation.schema,
            category: .institutions,
            columns: [("invited_by", .deleteRow)],
            emailColumn: "email",
            retention: "7 days, then kept as answered or expired"
        ),
        PersonalDataDeclaration(
            table: Enrolment.schema,
            category: .institutions,
            columns: [("user_id", .deleteRow), ("created_by", .deleteRow)],
            retention: "30 days unless a guardian accepts; then while the institution serves the user"
        ),
        PersonalDataDeclaration(
            table: EnrolmentInvitation.schema,
            category: .institutions,
            columns: [],
            emailColumn: "email",
            retention: "14 days, then kept as answered or expired with its enrolment"
        ),
        PersonalDataDeclaration(
            table: ServedUser.schema,
            category: .institutions,
            columns: [("user_id", .deleteRow), ("added_by", .deleteRow)],
            retention: "while the institution serves the user"
        ),
    ]
}

extension InstitutionsData {
    struct Membership: Encodable, Sendable {
        let institution: String
        let customerNumber: String
        let role: StaffRole
        @NullEncoded var department: String?
    }

    struct Served: Encodable, Sendable {
        let institution: String
    }

    struct Institutions: Encodable, Sendable {
        let staffOf: [Membership]
        let servedBy: [Served]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .institutions: { db, id in
            let memberships = try await StaffMembership.query(on: db).filter(\.$user.$id == id)
                .with(\.$institution).with(\.$department).all()
            let served = try await ServedUser.query(on: db).filter(\.$user.$id == id).with(\.$institution).all()
            return Institutions(
                staffOf: memberships.map {
                    Membership(
                        institution: $0.institution.name,
                        customerNumber: $0.institution.customerNumber,
                        role: $0.role,
                        department: $0.department?.name
                    )
                },
                servedBy: served.map { Served(institution: $0.institution.name) }
            )
        }
    ]
}
