import Fluent
import Foundation

/// The personal data of the privacy engine itself: consents, exports, breach notices and the access log.
enum PrivacyData {
    static let declarations = [
        PersonalDataDeclaration(
            table: DataExport.schema,
            category: .exports,
            columns: [("user_id", .deleteRow), ("requested_by", .deleteRow)],
            retention: "7 days",
            files: { db, ids, dataDirectory in
                try await DataExport.query(on: db)
                    .group(.or) { $0.filter(\.$user.$id ~~ ids).filter(\.$requestedBy.$id ~~ ids) }
                    .all().compactMap(\.id).map { ExportBuilder.path(of: $0, in: dataDirectory) }
            }
        ),
        PersonalDataDeclaration(
            table: BreachNotice.schema,
            category: .breachNotices,
            columns: [("subject_id", .deleteRow), ("recipient_id", .deleteRow)],
            retention: "while the account exists"
        ),
        PersonalDataDeclaration(
            table: Consent.schema,
            category: .consents,
            columns: [("user_id", .deleteRow), ("given_by", .setNull)],
            retention: "while the account exists"
        ),
        PersonalDataDeclaration(
            table: AccessLogEntry.schema,
            category: .accessLog,
            columns: [("subject_id", .redactAccessLog), ("actor_id", .redactAccessLog)],
            retention: "12 months",
            listedBy: ["subject_id"]
        ),
    ]
}

extension PrivacyData {
    /// The newest entries the dashboard shows of the access log; the log's own list pages through
    /// all of them, and the export holds all of them.
    static let dashboardEntries = 1000

    struct ConsentEvent: Encodable, Sendable {
        let policyVersion: Int
        let action: Consent.Action
        let at: Date
        @NullEncoded var givenByName: String?
    }

    struct Access: Encodable, Sendable {
        let at: Date
        @NullEncoded var actorName: String?
        let actorRole: String
        let action: String
        let what: String
        let route: String
        @NullEncoded var ip: String?
        @NullEncoded var platform: String?
    }

    struct ExportRecord: Encodable, Sendable {
        let status: DataExport.Status
        let createdAt: Date
        let expiresAt: Date
    }

    struct Notice: Encodable, Sendable {
        let reason: String
        let windowStart: Date
        let windowEnd: Date
        let sentAt: Date
    }

    static let readers: [DataCategory: CategoryReader] = [
        .breachNotices: { db, id in
            try await BreachNotice.query(on: db).filter(\.$subject.$id == id).sort(\.$sentAt).all().map {
                Notice(reason: $0.reason, windowStart: $0.windowStart, windowEnd: $0.windowEnd, sentAt: $0.sentAt)
            }
        },
        .exports: { db, id in
            try await DataExport.query(on: db).filter(\.$user.$id == id).sort(\.$createdAt).all().map {
                ExportRecord(status: $0.status, createdAt: $0.createdAt, expiresAt: $0.expiresAt)
            }
        },
        .consents: { db, id in
            try await Consent.query(on: db).filter(\.$user.$id == id).with(\.$givenBy).sort(\.$at).all().map {
                ConsentEvent(
                    policyVersion: $0.policyVersion,
                    action: $0.action,
                    at: $0.at,
                    givenByName: $0.givenBy?.name
                )
            }
        },
        .accessLog: { db, id in
            try await AccessLogEntry.query(on: db).filter(\.$subject.$id == id).with(\.$actor)
                .sort(\.$at, .descending).sort(\.$id, .descending).limit(PrivacyData.dashboardEntries).all()
                .map(Access.init)
        },
    ]
}

extension PrivacyData.Access {
    init(_ entry: AccessLogEntry) {
        self.init(
            at: entry.at,
            actorName: entry.actor?.name,
            actorRole: entry.actorRole ?? "",
            action: entry.action ?? "",
            what: entry.what,
            route: entry.route ?? "",
            ip: entry.ip,
            platform: entry.platform
        )
    }
}

extension PrivacyData {
    static let streamers: [DataCategory: CategoryStreamer] = [
        .accessLog: { db, id, emit in
            var after: (at: Date, id: UUID)?
            while true {
                // Newest first, as the page lists them.
                let query = AccessLogEntry.query(on: db).filter(\.$subject.$id == id).with(\.$actor)
                    .sort(\.$at, .descending).sort(\.$id, .descending)
                if let after {
                    query.group(.or) { older in
                        older.filter(\.$at < after.at)
                        older.group(.and) { $0.filter(\.$at == after.at).filter(\.$id < after.id) }
                    }
                }
                let page = try await query.limit(1000).all()
                guard let last = page.last, let lastID = last.id else { return }
                try emit(page.map(Access.init))
                after = (last.at, lastID)
            }
        }
    ]
}
