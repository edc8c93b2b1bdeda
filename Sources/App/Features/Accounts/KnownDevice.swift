import Fluent
import Foundation
import SQLKit
import MobilizeCore
import Vapor

/// A browser or app that has signed in to an account before. Its token (an HttpOnly cookie in the
/// browser, `deviceToken` for an app) lets the owner in while a stranger's wrong passwords slow
/// down everyone else who tries that account: a stranger can never lock the owner out.
final class KnownDevice: Model, @unchecked Sendable {
    static let schema = "known_devices"
    /// The newest devices an account keeps; older ones are forgotten.
    static let perAccount = 20
    /// A device unused this long is forgotten.
    static let lifetime: TimeInterval = 365 * 86_400

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// One browser has one token; each account signed in from it has a row with it.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_used_at") var lastUsedAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, at now: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdAt = now
        self.lastUsedAt = now
    }
}

/// The device cookie and the lookups signing in needs.
enum KnownDevices {
    static let cookieName = "mobilize_device"

    /// The row of the device the request comes from, for the account with this address.
    static func find(token: String?, login: SignInName, on db: any Database) async throws -> KnownDevice? {
        guard let token, !token.isEmpty, token.utf8.count <= 100 else { return nil }
        let query = KnownDevice.query(on: db).filter(\.$tokenHash == Secret.hash(token))
            .join(User.self, on: \KnownDevice.$user.$id == \User.$id)
        switch login {
        case .email(let email): query.filter(User.self, \.$email == email)
        case .username(let username): query.filter(User.self, \.$username == username)
        }
        return try await query.first()
    }

    /// Remembers the device for the account after a right password, and answers its token (the
    /// one it came with, or a new one).
    static func remember(token: String?, for userID: UUID, at now: Date, on db: any Database) async throws -> String {
        let token = token.flatMap { $0.isEmpty || $0.utf8.count > 100 ? nil : $0 } ?? Secret.token()
        let hash = Secret.hash(token)
        try await db.writeTransaction { db in
            if let known = try await KnownDevice.query(on: db).filter(\.$tokenHash == hash)
                .filter(\.$user.$id == userID).first()
            {
                known.lastUsedAt = now
                try await known.update(on: db)
            } else {
                try await KnownDevice(userID: userID, tokenHash: hash, at: now).create(on: db)
                let all = try await KnownDevice.query(on: db).filter(\.$user.$id == userID)
                    .sort(\.$lastUsedAt, .descending).all()
                for old in all.dropFirst(KnownDevice.perAccount) { try await old.delete(on: db) }
            }
        }
        return token
    }

    static func cookie(_ token: String, secure: Bool, now: Date) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token,
            expires: now.addingTimeInterval(KnownDevice.lifetime),
            maxAge: Int(KnownDevice.lifetime),
            domain: nil,
            path: "/api/v1/auth",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .strict
        )
    }
}

/// What a person signs in with: their address, or a young person's username.
enum SignInName: Sendable, Hashable {
    case email(String)
    case username(String)

    /// The key its attempts are counted under (hashed: no address in the counters).
    var key: String {
        switch self {
        case .email(let email): Secret.hash(email)
        case .username(let username): Secret.hash("username:" + username)
        }
    }

    func account(on db: any Database) async throws -> User? {
        switch self {
        case .email(let email): try await User.query(on: db).filter(\.$email == email).first()
        case .username(let username): try await User.query(on: db).filter(\.$username == username).first()
        }
    }
}
