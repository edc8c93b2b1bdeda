import AsyncHTTPClient
import Foundation
import MobilizeCore
import NIOCore
import Vapor

/// Posts text messages to the configured HTTP SMS gateway, with a time limit and no redirects.
/// A 2xx answer means the gateway took the message; 429 and 5xx (and no answer) are worth trying
/// again later; any other answer is final.
final class SMSSender: Sendable {
    static let timeout: TimeAmount = .seconds(10)

    let gateway: AppConfig.SMSGateway
    private let client: HTTPClient

    struct Refused: Error, CustomStringConvertible {
        let status: UInt
        /// Another try may go through.
        var transient: Bool { status == 429 || status >= 500 }
        var description: String { "gateway answered \(status)" }
    }

    init(gateway: AppConfig.SMSGateway, eventLoopGroup: any EventLoopGroup) {
        self.gateway = gateway
        client = HTTPClient(
            eventLoopGroupProvider: .shared(eventLoopGroup),
            configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: Self.timeout))
        )
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func send(to number: String, text: String) async throws {
        var request = HTTPClientRequest(url: gateway.url.absoluteString)
        request.method = .POST
        request.headers.add(
            name: "Content-Type",
            value: gateway.encoding == .json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded"
        )
        if let authorization = gateway.authorization { request.headers.add(name: "Authorization", value: authorization) }
        let body = SMS.render(
            template: gateway.template, to: number, text: String(text.prefix(SMS.maxLength)), from: gateway.sender,
            encoding: gateway.encoding
        )
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: Self.timeout)
        _ = try? await response.body.collect(upTo: 64 << 10)
        guard (200..<300).contains(response.status.code) else { throw Refused(status: response.status.code) }
    }
}

extension Application {
    private struct SMSKey: StorageKey { typealias Value = SMSSender }

    /// The SMS gateway's sender, when one is configured (`SMS_GATEWAY_URL`).
    var sms: SMSSender? {
        get { storage[SMSKey.self] }
        set { storage[SMSKey.self] = newValue }
    }
}

struct SMSShutdown: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        await app.sms?.shutdown()
    }
}
