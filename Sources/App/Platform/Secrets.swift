import Crypto
import Foundation
import MobilizeCore
import Vapor

/// Random tokens and their stored form. A token is shown once; only its SHA-256 is stored, so a
/// copy of the database signs nobody in.
package enum Secret {
    /// 256 random bits, URL-safe.
    package static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}

/// Password hashing with bcrypt on the thread pool, at most `limit` at once, so a burst of
/// sign-ins cannot starve the event loops or the rest of the server.
package actor PasswordHashing {
    let cost: Int
    private let slots: AsyncSemaphore
    private let pool: NIOThreadPool

    /// A valid hash of a random password, verified against when the email is unknown so that
    /// a failed sign-in takes as long for an unknown account as for a wrong password.
    let decoy: String

    init(cost: Int, limit: Int = 2, pool: NIOThreadPool) throws {
        self.cost = cost
        self.slots = AsyncSemaphore(limit: limit)
        self.pool = pool
        self.decoy = try Bcrypt.hash(Secret.token(), cost: cost)
    }

    package func hash(_ password: String) async throws -> String {
        let cost = self.cost
        let pool = self.pool
        return try await slots.run { try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) } }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let digest = hash ?? decoy
        let pool = self.pool
        let matches = try await slots.run {
            try await pool.runIfActive { try Bcrypt.verify(password, created: digest) }
        }
        return hash != nil && matches
    }
}

extension Application {
    private struct HashingKey: StorageKey { typealias Value = PasswordHashing }

    package var passwordHashing: PasswordHashing {
        get {
            guard let hashing = storage[HashingKey.self] else { fatalError("configure(_:) sets password hashing") }
            return hashing
        }
        set { storage[HashingKey.self] = newValue }
    }
}
