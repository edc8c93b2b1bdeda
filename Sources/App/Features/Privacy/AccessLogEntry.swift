import Fluent
import MobilizeCore
import Vapor

/// Who read or changed a person's data, when, from where. Append-only and hash-chained.
final class AccessLogEntry: Model, @unchecked Sendable {
    static let schema = "access_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    @Field(key: "at") var at: Date
    @OptionalParent(key: "actor_id") var actor: User?
    @Field(key: "actor_digest") var actorDigest: String
    @Field(key: "actor_role") var actorRole: String
    @OptionalParent(key: "subject_id") var subject: User?
    @Field(key: "action") var action: String
    @Field(key: "route") var route: String
    @OptionalField(key: "ip") var ip: String?
    @OptionalField(key: "platform") var platform: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "hash") var hash: String
    @Field(key: "redacted") var redacted: Bool

    init() {}

    init(_ link: AuditChain.Link, content: AuditChain.Content, actorID: UUID?) {
        seq = link.seq
        at = Date(timeIntervalSince1970: TimeInterval(content.at))
        $actor.id = actorID
        actorDigest = content.actorDigest
        actorRole = content.actorRole
        $subject.id = content.subjectID
        action = content.action
        route = content.route
        ip = content.ip
        platform = content.platform
        previousHash = link.previous
        contentHash = link.contentHash
        hash = link.hash
        redacted = false
    }

    var link: AuditChain.Link {
        AuditChain.Link(
            seq: seq,
            previous: previousHash,
            contentHash: contentHash,
            hash: hash,
            content: redacted
                ? nil
                : AuditChain.Content(
                    seq: seq,
                    at: Int(at.timeIntervalSince1970.rounded()),
                    actorDigest: actorDigest,
                    actorRole: actorRole,
                    subjectID: $subject.id,
                    action: action,
                    route: route,
                    ip: ip,
                    platform: platform
                )
        )
    }
}

/// The newest link of the chain, in one row that every append locks, so that appends from
/// several instances line up one after another.
final class AccessLogHead: Model, @unchecked Sendable {
    static let schema = "access_log_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}

    init(id: Int, seq: Int, hash: String) {
        self.id = id
        self.seq = seq
        self.hash = hash
    }
}
