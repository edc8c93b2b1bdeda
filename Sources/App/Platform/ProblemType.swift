import Vapor

/// Every kind of problem a client can meet: its type URI (`/problems/<raw value>`), HTTP status
/// and title. `openapi.yaml` lists the same types in its `ProblemType` schema, and a test keeps the
/// two lists equal. A new kind of failure is a new case here and there, never a string elsewhere.
enum ProblemType: String, CaseIterable, Sendable {
    case badRequest = "bad-request"
    case invalidToken = "invalid-token"
    case unauthorized
    case invalidCredentials = "invalid-credentials"
    case forbidden
    case restricted
    case invitationForAnotherAddress = "invitation-for-another-address"
    case emailNotVerified = "email-not-verified"
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case conflict
    case guardianNeeded = "guardian-needed"
    case payloadTooLarge = "payload-too-large"
    case quotaExceeded = "quota-exceeded"
    case unsupportedMediaType = "unsupported-media-type"
    case validation
    case emailInUse = "email-in-use"
    case usernameTaken = "username-taken"
    case guardianConsentNeeded = "guardian-consent-needed"
    case tooMuchWork = "too-much-work"
    case upgradeRequired = "upgrade-required"
    case rateLimited = "rate-limited"
    case consentNeeded = "consent-needed"
    case badUpstream = "bad-upstream"
    case upstreamTimeout = "upstream-timeout"
    case `internal`
    case unavailable

    var uri: String { "/problems/" + rawValue }

    var status: HTTPStatus {
        switch self {
        case .badRequest, .invalidToken: .badRequest
        case .unauthorized, .invalidCredentials: .unauthorized
        case .forbidden, .restricted, .invitationForAnotherAddress, .emailNotVerified, .consentNeeded: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict, .guardianNeeded: .conflict
        case .payloadTooLarge, .quotaExceeded: .payloadTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .validation, .emailInUse, .usernameTaken, .guardianConsentNeeded, .tooMuchWork: .unprocessableEntity
        case .upgradeRequired: .upgradeRequired
        case .rateLimited: .tooManyRequests
        case .internal: .internalServerError
        case .unavailable: .serviceUnavailable
        case .badUpstream: .badGateway
        case .upstreamTimeout: .gatewayTimeout
        }
    }

    /// The same for every problem of the type (RFC 9457); the detail says what happened this time.
    var title: String {
        switch self {
        case .badRequest: "Malformed request"
        case .invalidToken: "Invalid or expired"
        case .unauthorized: "Not signed in"
        case .invalidCredentials: "Sign-in failed"
        case .forbidden: "Forbidden"
        case .restricted: "Restricted"
        case .invitationForAnotherAddress: "Sent to another address"
        case .emailNotVerified: "Email address not confirmed"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .conflict: "Conflict"
        case .guardianNeeded: "A child needs a guardian"
        case .payloadTooLarge: "Too large"
        case .quotaExceeded: "Storage is full"
        case .unsupportedMediaType: "Unsupported media type"
        case .validation: "Invalid request"
        case .emailInUse: "Address in use"
        case .usernameTaken: "Username taken"
        case .guardianConsentNeeded: "A guardian signs up a child under 13"
        case .tooMuchWork: "Too much at once"
        case .upgradeRequired: "Upgrade required"
        case .rateLimited: "Too many attempts"
        case .consentNeeded: "Consent needed"
        case .badUpstream: "The other service failed"
        case .upstreamTimeout: "The other service did not answer in time"
        case .internal: "Internal server error"
        case .unavailable: "Not ready"
        }
    }
}
