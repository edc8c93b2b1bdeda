import Fluent
import Foundation
import MobilizeCore
import Vapor

/// Who read or changed a person's data, when, from where. Written as it happens with no shared
/// state; given its place in the keyed hash chain (`seq`, `previousHash`, `hash`) by the sealer a
/// moment later. Values removed by an erasure leave the hash of what they were in `redacted`.
final class AccessLogEntry: Model, @unchecked Sendable {
    static let schema = "access_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalParent(key: "actor_id") var actor: User?
    @OptionalField(key: "actor_role") var actorRole: String?
    @OptionalParent(key: "subject_id") var subject: User?
    @OptionalField(key: "action") var action: String?
    @OptionalField(key: "route") var route: String?
    @OptionalField(key: "ip") var ip: String?
    @OptionalField(key: "platform") var platform: String?
    /// The hashes of removed values, by field, as JSON.
    @Field(key: "redacted") var redactedJSON: String
    @OptionalField(key: "seq") var seq: Int?
    @OptionalField(key: "previous_hash") var previousHash: String?
    @OptionalField(key: "hash") var hash: String?

    init() {}

    var isRedacted: Bool { redactedJSON != "{}" }

    /// What was done, as a reader's words name it: the action, and for a read what was read
    /// ("read-plan", "read-pictures", "tick-off", ...). The web app says it in the reader's language.
    var what: String {
        let action = (action ?? "").replacingOccurrences(of: " ", with: "-")
        guard action == "read" else { return action }
        let route = route ?? ""
        for (part, what) in [
            ("/conversations", "read-chat"), ("/realtime", "read-chat"), ("/plan", "read-plan"), ("/activities", "read-plan"), ("/routines", "read-routines"),
            ("/calendar-feeds", "read-plan"), ("/pictures", "read-pictures"), ("/pictogram", "read-pictures"),
            ("/reminder-settings", "read-plan"), ("/devices", "read-devices"), ("/goals", "read-goals"), ("/rewards", "read-goals"), ("/redemptions", "read-goals"),
        ] where route.contains(part) {
            return what
        }
        return "read-account"
    }

    var redacted: [AuditChain.Field: String] {
        get {
            let raw = (try? JSONDecoder().decode([String: String].self, from: Data(redactedJSON.utf8))) ?? [:]
            return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in
                AuditChain.Field(rawValue: key).map { ($0, value) }
            })
        }
        set {
            let raw = Dictionary(uniqueKeysWithValues: newValue.map { ($0.key.rawValue, $0.value) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            redactedJSON = String(decoding: (try? encoder.encode(raw)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }

    /// The entry as the chain hashes it.
    var chainEntry: AuditChain.Entry {
        get {
            var values: [AuditChain.Field: String] = [:]
            values[.at] = String(Int(at.timeIntervalSince1970.rounded()))
            values[.actor] = $actor.id?.uuidString.lowercased()
            values[.actorRole] = actorRole
            values[.subject] = $subject.id?.uuidString.lowercased()
            values[.action] = action
            values[.route] = route
            values[.ip] = ip
            values[.platform] = platform
            return AuditChain.Entry(id: id ?? UUID(), values: values, redacted: redacted)
        }
        set {
            if newValue.values[.actor] == nil { $actor.id = nil }
            if newValue.values[.subject] == nil { $subject.id = nil }
            if newValue.values[.actorRole] == nil { actorRole = nil }
            if newValue.values[.action] == nil { action = nil }
            if newValue.values[.route] == nil { route = nil }
            if newValue.values[.ip] == nil { ip = nil }
            if newValue.values[.platform] == nil { platform = nil }
            redacted = newValue.redacted
        }
    }

    /// Its link, once sealed.
    var link: AuditChain.Link? {
        guard let seq, let previousHash, let hash else { return nil }
        return AuditChain.Link(seq: seq, previous: previousHash, hash: hash, entry: chainEntry)
    }
}

/// A point the chain was sealed up to, or pruned from; written by the sealer and the daily job,
/// never by a request. Its `mark` needs the key.
final class AccessLogSeal: Model, @unchecked Sendable {
    static let schema = "access_log_seals"

    enum Kind: String, Codable, Sendable {
        case seal, prune
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: Kind
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String
    @Field(key: "mark") var mark: String
    @Field(key: "at") var at: Date

    init() {}

    init(kind: Kind, anchor: AuditChain.Anchor, key: AuditChain.Key, at: Date) {
        self.kind = kind
        self.seq = anchor.seq
        self.hash = anchor.hash
        self.mark = AuditChain.sealMark(kind: kind.rawValue, anchor, key: key)
        self.at = at
    }

    var anchor: AuditChain.Anchor { AuditChain.Anchor(seq: seq, hash: hash) }

    func isGenuine(key: AuditChain.Key) -> Bool { mark == AuditChain.sealMark(kind: kind.rawValue, anchor, key: key) }
}
