import Fluent
import Vapor

/// A signed-in browser, API client or paired device. The token itself is never stored.
package final class AuthSession: Model, @unchecked Sendable {
    package static let schema = "sessions"

    package enum Kind: String, Codable, Sendable {
        case web, api, device
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "kind") package var kind: Kind

    @OptionalField(key: "device_name") package var deviceName: String?
    @OptionalField(key: "platform") package var platform: String?
    @OptionalField(key: "browser") package var browser: String?
    @OptionalField(key: "ip") package var ip: String?

    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    /// Child mode: a planner's session handed to a child acts as that child's device until the
    /// planner's PIN unlocks it.
    @OptionalParent(key: "locked_to_user_id") package var lockedTo: User?
    /// Who opened it for someone else: the planner who paired this device, or who handed their
    /// own session to a child. It ends when that person's right to do so ends.
    @OptionalParent(key: "opened_by") package var openedBy: User?
    /// When child mode began.
    @OptionalField(key: "locked_at") package var lockedAt: Date?

    package init() {}

    /// Neither past its absolute end nor idle for longer than its kind allows (`current(at:config:)`
    /// asks the same of the database).
    package func isCurrent(at now: Date, config: AppConfig) -> Bool {
        let idle = kind == .device ? config.deviceSessionIdle : config.sessionIdle
        return expiresAt > now && lastSeenAt.addingTimeInterval(idle) > now
    }

    package init(userID: UUID, tokenHash: String, kind: Kind, createdAt: Date, expiresAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.createdAt = createdAt
        self.lastSeenAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension QueryBuilder<AuthSession> {
    /// The sessions still good at `now`: not expired, used within the idle time of their kind
    /// (`AuthSession.isCurrent(at:config:)` on one session).
    func current(at now: Date, config: AppConfig) -> Self {
        filter(\.$expiresAt > now).group(.or) {
            $0.group(.and) {
                $0.filter(\.$kind == .device).filter(\.$lastSeenAt > now.addingTimeInterval(-config.deviceSessionIdle))
            }
            .group(.and) {
                $0.filter(\.$kind != .device).filter(\.$lastSeenAt > now.addingTimeInterval(-config.sessionIdle))
            }
        }
    }
}
