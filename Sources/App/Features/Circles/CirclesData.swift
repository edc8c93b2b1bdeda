import Fluent
import Foundation
import MobilizeCore

/// The personal data of circles: who plans with whom, invitations, pairing codes.
enum CirclesData {
    static let declarations = [
        PersonalDataDeclaration(
            table: PlannerLink.schema,
            category: .relationships,
            columns: [("user_id", .deleteRow), ("planner_id", .deleteRow)],
            retention: "until the planner is removed or leaves"
        ),
        PersonalDataDeclaration(
            table: Invitation.schema,
            category: .invitations,
            columns: [("user_id", .deleteRow), ("invited_by", .deleteRow)],
            emailColumn: "email",
            retention: "7 days, then kept as answered or expired until the account is erased"
        ),
        PersonalDataDeclaration(
            table: PairingCode.schema,
            category: .sessions,
            columns: [("user_id", .deleteRow), ("created_by", .deleteRow)],
            retention: "10 minutes"
        ),
    ]
}

extension CirclesData {
    struct Connection: Encodable, Sendable {
        let name: String
        let role: PlannerRole
        let since: Date
    }

    struct Relationships: Encodable, Sendable {
        let plannersOfMe: [Connection]
        let iPlanFor: [Connection]
    }

    struct SentInvitation: Encodable, Sendable {
        let email: String
        let role: PlannerRole
        let status: Invitation.Status
        let createdAt: Date
    }

    struct InvitationAboutMe: Encodable, Sendable {
        let invitedByName: String
        let role: PlannerRole
        let status: Invitation.Status
        let createdAt: Date
    }

    struct Invitations: Encodable, Sendable {
        let sentByMe: [SentInvitation]
        let aboutMe: [InvitationAboutMe]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .relationships: { db, id in
            let mine = try await PlannerLink.query(on: db).filter(\.$user.$id == id).with(\.$planner).all()
            let theirs = try await PlannerLink.query(on: db).filter(\.$planner.$id == id).with(\.$user).all()
            return Relationships(
                plannersOfMe: mine.map { Connection(name: $0.planner.name, role: $0.role, since: $0.createdAt) },
                iPlanFor: theirs.map { Connection(name: $0.user.name, role: $0.role, since: $0.createdAt) }
            )
        },
        .invitations: { db, id in
            let sent = try await Invitation.query(on: db).filter(\.$invitedBy.$id == id).all()
            let about = try await Invitation.query(on: db).filter(\.$user.$id == id).with(\.$invitedBy).all()
            return Invitations(
                sentByMe: sent.map {
                    SentInvitation(email: $0.email, role: $0.role, status: $0.status, createdAt: $0.createdAt)
                },
                aboutMe: about.map {
                    InvitationAboutMe(
                        invitedByName: $0.invitedBy.name,
                        role: $0.role,
                        status: $0.status,
                        createdAt: $0.createdAt
                    )
                }
            )
        },
    ]
}
