import Vapor

/// The cookie a browser's session travels in: HTTP only, same-site lax, secure behind TLS.
enum SessionCookie {
    static let name = "mobilize_session"

    static func make(token: String, expiresAt: Date, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token,
            expires: expiresAt,
            maxAge: nil,
            domain: nil,
            path: "/",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .lax
        )
    }

    static func cleared(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "",
            expires: Date(timeIntervalSince1970: 0),
            maxAge: 0,
            domain: nil,
            path: "/",
            isSecure: secure,
            isHTTPOnly: true,
            sameSite: .lax
        )
    }
}
