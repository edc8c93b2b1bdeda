import MobilizeCore
import Vapor

/// An RFC 9457 problem document, the body of every error response.
struct Problem: Content, Error, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?
    var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    init(_ status: HTTPStatus, type: String, title: String, detail: String? = nil, errors: [FieldError]? = nil) {
        self.type = "/problems/" + type
        self.title = title
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
    }

    static func notFound(_ detail: String = "There is nothing here, or you may not see it.") -> Problem {
        Problem(.notFound, type: "not-found", title: "Not found", detail: detail)
    }

    static func forbidden(_ detail: String = "You are not allowed to do this.") -> Problem {
        Problem(.forbidden, type: "forbidden", title: "Forbidden", detail: detail)
    }

    static func restricted() -> Problem {
        Problem(
            .forbidden,
            type: "restricted",
            title: "Restricted",
            detail: "This account is restricted: its data is kept but not used. Only its privacy settings answer."
        )
    }

    static func unauthorized() -> Problem {
        Problem(.unauthorized, type: "unauthorized", title: "Not signed in", detail: "Sign in to continue.")
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(
            .badRequest,
            type: "bad-request",
            title: "Malformed request",
            detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] }
        )
    }

    /// A mailed invitation opened by an account with another address, or one not confirmed yet.
    static func invitationForAnotherAddress(_ masked: String) -> Problem {
        Problem(
            .forbidden,
            type: "invitation-for-another-address",
            title: "Sent to another address",
            detail: "This invitation was sent to \(masked). Sign in with that address to accept it."
        )
    }

    static func emailNotVerified() -> Problem {
        Problem(
            .forbidden,
            type: "email-not-verified",
            title: "Email address not confirmed",
            detail: "Confirm your email address first: open the link we mailed you, or ask for a new one."
        )
    }

    /// Removing, demoting or erasing the last guardian of a child who needs one.
    static func guardianNeeded(_ names: [String]) -> Problem {
        let who = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return Problem(
            .conflict,
            type: "guardian-needed",
            title: "A child needs a guardian",
            detail: "This is the only guardian of \(who). Make another adult guardian first, or ask for the erasure of "
                + "\(who) too."
        )
    }

    static func emailInUse() -> Problem {
        Problem(
            .unprocessableEntity,
            type: "email-in-use",
            title: "Address in use",
            detail: "Another account signs in with this address: give another, or a username and a password.",
            errors: [FieldError(field: "email", message: "is used by another account")]
        )
    }

    static func usernameTaken() -> Problem {
        Problem(
            .unprocessableEntity,
            type: "username-taken",
            title: "Username taken",
            detail: "Someone has this username already: choose another.",
            errors: [FieldError(field: "username", message: "is taken: choose another")]
        )
    }

    /// A child under the age of digital consent signing up alone.
    static func guardianConsentNeeded() -> Problem {
        Problem(
            .unprocessableEntity,
            type: "guardian-consent-needed",
            title: "A guardian signs up a child under 13",
            detail: "Under 13 a parent or guardian makes your account and says yes for you; then they can give you your own sign-in.",
            errors: [FieldError(field: "birthYear", message: "under 13: a guardian makes the account")]
        )
    }

    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, type: "conflict", title: "Conflict", detail: detail)
    }

    static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(
            .unprocessableEntity,
            type: "validation",
            title: "Invalid request",
            detail: "Some fields are invalid.",
            errors: errors
        )
    }

    static func invalid(_ field: String, _ message: String) -> Problem {
        invalid([FieldError(field: field, message: message)])
    }
}

extension Problem {
    /// Maps any error to a problem. Internals (SQL, stack traces, type names) never reach the client.
    init(from error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let domain as DomainError:
            self.init(domain: domain)
        case let decoding as DecodingError:
            self = Problem.decoding(decoding)
        case is ExpansionBudget.Exceeded:
            self.init(
                .unprocessableEntity,
                type: "too-much-work",
                title: "Too much at once",
                detail: "Working this out would take too long. Ask for fewer days or dates at once."
            )
        case let abort as any AbortError:
            let status = abort.status
            let type =
                switch status {
                case .payloadTooLarge: "payload-too-large"
                case .unsupportedMediaType: "unsupported-media-type"
                case .notFound: "not-found"
                case .unauthorized: "unauthorized"
                case .forbidden: "forbidden"
                case .methodNotAllowed: "method-not-allowed"
                case .tooManyRequests: "rate-limited"
                default: status.code >= 500 ? "internal" : "bad-request"
                }
            let detail = status.code >= 500 ? "Something went wrong on our side." : abort.reason
            self.init(status, type: type, title: status.reasonPhrase, detail: detail)
        default:
            self.init(
                .internalServerError,
                type: "internal",
                title: "Internal Server Error",
                detail: "Something went wrong on our side."
            )
        }
    }

    private init(domain: DomainError) {
        switch domain {
        case .invalid(let errors): self = .invalid(errors)
        case .invalidCredentials:
            self.init(
                .unauthorized,
                type: "invalid-credentials",
                title: "Sign-in failed",
                detail: domain.errorDescription
            )
        case .invalidToken:
            self.init(.badRequest, type: "invalid-token", title: "Invalid or expired", detail: domain.errorDescription)
        case .conflict(let reason): self = .conflict(reason)
        case .notFound: self = .notFound()
        case .forbidden: self = .forbidden()
        case .rateLimited(let seconds):
            self.init(
                .tooManyRequests,
                type: "rate-limited",
                title: "Too many attempts",
                detail: domain.errorDescription
            )
            retryAfter = seconds
        }
    }

    private static func decoding(_ error: DecodingError) -> Problem {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return .invalid(field, "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid(path(context), "has the wrong type")
        case .dataCorrupted(let context):
            let field = path(context)
            return field.isEmpty
                ? .badRequest("The body is not valid JSON.")
                : .invalid(field, "has a value that is not allowed")
        @unknown default:
            return .badRequest("The body could not be read.")
        }
    }
}

/// Turns every thrown error into problem+json and logs server faults without personal data.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Problem(from: error)
            if problem.status >= 500 {
                request.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            return problem.response()
        }
    }
}

extension Problem {
    func response() -> Response {
        let response = Response(status: HTTPStatus(statusCode: status))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        response.body = .init(data: (try? encoder.encode(self)) ?? Data())
        return response
    }
}
