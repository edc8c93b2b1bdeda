import Foundation
import Testing
import VaporTesting

@testable import App

/// A response with its body parsed as JSON where it is JSON.
struct Reply: Sendable {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let body: Data

    var json: [String: any Sendable] {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: any Sendable]) ?? [:]
    }

    var items: [[String: any Sendable]] { (json["items"] as? [[String: any Sendable]]) ?? [] }

    subscript(_ key: String) -> String? { json[key] as? String }

    var isProblem: Bool { headers.first(name: .contentType) == "application/problem+json" }

    var fieldErrors: [String] {
        ((json["errors"] as? [[String: any Sendable]]) ?? []).compactMap { $0["field"] as? String }
    }
}

/// Sends requests through the whole middleware stack, in memory.
struct TestClient: Sendable {
    let app: Application

    func send(
        _ method: HTTPMethod,
        _ path: String,
        token: String? = nil,
        json: [String: any Sendable]? = nil,
        raw: String? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body = ByteBuffer()
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            headers.contentType = .json
            body = ByteBuffer(string: raw)
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body)
        )
        // What the request left to do after its answer (mails) is done before the test looks.
        if !app.deferred.isHeld { await app.deferred.idle() }
        await app.accessLogWriter.idle()
        return Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await send(.GET, path, token: token)
    }

    func post(_ path: String, token: String? = nil, json: [String: any Sendable]? = nil) async throws -> Reply {
        try await send(.POST, path, token: token, json: json)
    }

    func login(_ email: String, _ password: String = Fixtures.password) async throws -> String {
        let reply = try await post("/api/v1/auth/login", json: ["email": email, "password": password])
        #expect(reply.status == .ok, "login of a fixture account")
        return reply["token"] ?? ""
    }
}

extension TestClient {
    /// Sends one file as multipart/form-data.
    func upload(
        _ path: String,
        token: String?,
        data: Data,
        field: String = "file",
        filename: String = "photo.jpg",
        contentType: String = "image/jpeg",
        fields: [(String, String)] = []
    ) async throws -> Reply {
        let boundary = "mobilize-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            )
        }
        body.append(Data("--\(boundary)\r\n".utf8))
        body.append(Data("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n".utf8))
        body.append(Data("Content-Type: \(contentType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: .POST,
                url: URI(path: path),
                headers: headers,
                body: ByteBuffer(data: body)
            )
        )
        if !app.deferred.isHeld { await app.deferred.idle() }
        await app.accessLogWriter.idle()
        return Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
    }
}
