import MobilizeCore
import Vapor

/// An RFC 9457 problem document, the body of every error response. Features throw problems (or
/// the core's `DomainError`, mapped here); whatever else is thrown becomes `internal` without a
/// word of its own reaching the client.
struct Problem: Content, Error, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?
    var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    /// A problem of one of the listed types; `status` only where a framework error brings its own.
    init(_ kind: ProblemType, detail: String? = nil, errors: [FieldError]? = nil, status: HTTPStatus? = nil) {
        self.type = kind.uri
        self.title = kind.title
        self.status = Int((status ?? kind.status).code)
        self.detail = detail
        self.errors = errors
    }

    static func notFound(_ detail: String = "There is nothing here, or you may not see it.") -> Problem {
        Problem(.notFound, detail: detail)
    }

    static func forbidden(_ detail: String = "You are not allowed to do this.") -> Problem {
        Problem(.forbidden, detail: detail)
    }

    static func restricted() -> Problem {
        Problem(
            .restricted,
            detail: "This account is restricted: its data is kept but not used. Only its privacy settings answer."
        )
    }

    static func unauthorized() -> Problem {
        Problem(.unauthorized, detail: "Sign in to continue.")
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(
            .badRequest,
            detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] }
        )
    }

    /// A mailed invitation opened by an account with another address, or one not confirmed yet.
    static func invitationForAnotherAddress(_ masked: String) -> Problem {
        Problem(
            .invitationForAnotherAddress,
            detail: "This invitation was sent to \(masked). Sign in with that address to accept it."
        )
    }

    static func emailNotVerified() -> Problem {
        Problem(
            .emailNotVerified,
            detail: "Confirm your email address first: open the link we mailed you, or ask for a new one."
        )
    }

    /// Removing, demoting or erasing the last guardian of a child who needs one.
    static func guardianNeeded(_ names: [String]) -> Problem {
        let who = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return Problem(
            .guardianNeeded,
            detail: "This is the only guardian of \(who). Make another adult guardian first, or ask for the erasure of "
                + "\(who) too."
        )
    }

    static func emailInUse() -> Problem {
        Problem(
            .emailInUse,
            detail: "Another account signs in with this address: give another, or a username and a password.",
            errors: [FieldError(field: "email", message: "is used by another account")]
        )
    }

    static func usernameTaken() -> Problem {
        Problem(
            .usernameTaken,
            detail: "Someone has this username already: choose another.",
            errors: [FieldError(field: "username", message: "is taken: choose another")]
        )
    }

    /// A child under the age of digital consent signing up alone.
    static func guardianConsentNeeded() -> Problem {
        Problem(
            .guardianConsentNeeded,
            detail: "Under 13 a parent or guardian makes your account and says yes for you; then they can give you your own sign-in.",
            errors: [FieldError(field: "birthYear", message: "under 13: a guardian makes the account")]
        )
    }

    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, detail: detail)
    }

    static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(
            .validation,
            detail: "Some fields are invalid.",
            errors: errors
        )
    }

    static func invalid(_ field: String, _ message: String) -> Problem {
        invalid([FieldError(field: field, message: message)])
    }
}

extension Problem {
    static func invalidToken() -> Problem {
        Problem(.invalidToken, detail: "The link or code is not valid. It may have expired or been used already.")
    }

    static func invalidCredentials() -> Problem {
        Problem(.invalidCredentials, detail: "The email or the password is wrong.")
    }

    static func rateLimited(retryAfter seconds: Int, _ detail: String = "Too many attempts. Try again later.") -> Problem {
        var problem = Problem(.rateLimited, detail: detail)
        problem.retryAfter = seconds
        return problem
    }

    static func `internal`() -> Problem {
        Problem(.internal, detail: "Something went wrong on our side.")
    }

    /// Maps any error to a problem: the one place where errors become what a client reads.
    /// Internals (SQL, stack traces, type names) never reach the client.
    init(from error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let domain as DomainError:
            self = Problem.from(domain)
        case let decoding as DecodingError:
            self = Problem.decoding(decoding)
        case is ExpansionBudget.Exceeded:
            self.init(.tooMuchWork, detail: "Working this out would take too long. Ask for fewer days or dates at once.")
        case let abort as any AbortError:
            // The framework's own refusals (no such route, a body over the limit, a bad URL).
            let status = abort.status
            let kind: ProblemType =
                switch status {
                case .payloadTooLarge: .payloadTooLarge
                case .unsupportedMediaType: .unsupportedMediaType
                case .notFound: .notFound
                case .unauthorized: .unauthorized
                case .forbidden: .forbidden
                case .methodNotAllowed: .methodNotAllowed
                case .tooManyRequests: .rateLimited
                default: status.code >= 500 ? .internal : .badRequest
                }
            if kind == .internal {
                self = .internal()
            } else {
                self.init(kind, detail: abort.reason, status: kind == .badRequest ? status : nil)
            }
        default:
            self = .internal()
        }
    }

    /// The core's domain errors, as problems.
    private static func from(_ domain: DomainError) -> Problem {
        switch domain {
        case .invalid(let errors): .invalid(errors)
        case .invalidCredentials: .invalidCredentials()
        case .invalidToken: .invalidToken()
        case .conflict(let reason): .conflict(reason)
        case .notFound: .notFound()
        case .forbidden: .forbidden()
        case .rateLimited(let seconds): .rateLimited(retryAfter: seconds)
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
