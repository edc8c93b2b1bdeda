import Foundation

/// Errors of the domain. The server maps each case to an RFC 9457 problem.
public enum DomainError: Error, LocalizedError, Sendable, Equatable {
    case invalid([FieldError])
    case invalidCredentials
    case invalidToken
    case conflict(String)
    case notFound
    case forbidden
    case rateLimited(retryAfterSeconds: Int)

    public var errorDescription: String? {
        switch self {
        case .invalid: "Some fields are invalid."
        case .invalidCredentials: "The email or the password is wrong."
        case .invalidToken: "The link or code is not valid. It may have expired or been used already."
        case .conflict(let reason): reason
        case .notFound: "Not found."
        case .forbidden: "You are not allowed to do this."
        case .rateLimited: "Too many attempts. Try again later."
        }
    }
}
