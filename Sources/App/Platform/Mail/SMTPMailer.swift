import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Vapor

/// Sends mail through an SMTP relay: EHLO, STARTTLS when configured, AUTH PLAIN, one message.
struct SMTPMailer: Mailer {
    let settings: AppConfig.SMTP
    let from: String
    let heloName: String
    let group: any EventLoopGroup

    func send(_ mail: Mail) async throws {
        let message = MIME.message(
            mail,
            from: from,
            date: Date(),
            messageID: "\(UUID().uuidString.lowercased())@\(heloName)"
        )
        let connection = try await SMTPConnection.open(host: settings.host, port: settings.port, group: group)
        do {
            try await connection.expect(220)
            var extensions = try await connection.command("EHLO \(heloName)", expect: 250)
            if settings.startTLS {
                guard extensions.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw SMTPError(step: "STARTTLS", reply: "not offered by the server")
                }
                _ = try await connection.command("STARTTLS", expect: 220)
                try await connection.startTLS(serverHostname: settings.host)
                extensions = try await connection.command("EHLO \(heloName)", expect: 250)
            }
            if let username = settings.username, let password = settings.password {
                let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                _ = try await connection.command("AUTH PLAIN \(token)", expect: 235, step: "AUTH")
            }
            _ = try await connection.command("MAIL FROM:<\(MIME.address(from))>", expect: 250, step: "MAIL FROM")
            _ = try await connection.command("RCPT TO:<\(mail.to)>", expect: 250, step: "RCPT TO")
            _ = try await connection.command("DATA", expect: 354)
            _ = try await connection.command(Self.dotStuffed(message) + ".", expect: 250, step: "message")
            _ = try? await connection.command("QUIT", expect: 221)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A line starting with "." is sent as ".." (RFC 5321 4.5.2).
    static func dotStuffed(_ message: String) -> String {
        message.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}

/// A failed SMTP step. The server's reply text is left out: it can echo addresses.
struct SMTPError: Error, CustomStringConvertible {
    let step: String
    let reply: String
    var description: String { "SMTP \(step) failed: \(reply)" }
}

/// One SMTP connection: sends command lines and reads (multi-line) replies.
final class SMTPConnection: Sendable {
    let channel: any Channel
    private let replies: AsyncThrowingStream<String, any Error>
    private let iterator: IteratorBox

    private final class IteratorBox: @unchecked Sendable {
        var iterator: AsyncThrowingStream<String, any Error>.AsyncIterator
        init(_ iterator: AsyncThrowingStream<String, any Error>.AsyncIterator) { self.iterator = iterator }
    }

    private init(channel: any Channel, replies: AsyncThrowingStream<String, any Error>) {
        self.channel = channel
        self.replies = replies
        self.iterator = IteratorBox(replies.makeAsyncIterator())
    }

    static func open(host: String, port: Int, group: any EventLoopGroup) async throws -> SMTPConnection {
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPLineHandler(continuation))
                }
            }
            .connect(host: host, port: port).get()
        return SMTPConnection(channel: channel, replies: stream)
    }

    func startTLS(serverHostname: String) async throws {
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        let channel = self.channel
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// Reads one reply and checks its code; returns the text of each of its lines.
    @discardableResult
    func expect(_ code: Int, step: String = "greeting") async throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try await withTimeout { try await self.iterator.iterator.next() }
            guard let line else { throw SMTPError(step: step, reply: "connection closed") }
            guard line.count >= 3, let replyCode = Int(line.prefix(3)) else {
                throw SMTPError(step: step, reply: "unreadable reply")
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                guard replyCode == code || (code == 250 && replyCode == 251) else {
                    throw SMTPError(step: step, reply: "server answered \(replyCode)")
                }
                return lines
            }
        }
    }

    @discardableResult
    func command(_ line: String, expect code: Int, step: String? = nil) async throws -> [String] {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line + "\r\n")
        try await channel.writeAndFlush(buffer).get()
        return try await expect(code, step: step ?? String(line.prefix(while: { $0 != " " })))
    }

    func close() async {
        try? await channel.close().get()
    }

    private func withTimeout<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw SMTPError(step: "reply", reply: "timed out")
            }
            let result = try await group.next()!
            group.cancelAll()
            return result
        }
    }
}

/// Splits the byte stream into CRLF-terminated lines.
private final class SMTPLineHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private var pending = ""
    private let continuation: AsyncThrowingStream<String, any Error>.Continuation

    init(_ continuation: AsyncThrowingStream<String, any Error>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let end = pending.range(of: "\r\n") {
            continuation.yield(String(pending[..<end.lowerBound]))
            pending.removeSubrange(..<end.upperBound)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}
