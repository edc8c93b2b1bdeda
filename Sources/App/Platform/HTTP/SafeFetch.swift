import AsyncHTTPClient
import Foundation
import MobilizeCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Fetches from the Internet on a user's behalf without letting the user reach inside: only http
/// and https, only hosts whose every address is public (`PublicAddress`), connecting to the very
/// address that was checked (no second lookup that could answer otherwise), following at most
/// three redirects and checking each, refusing an answer larger than asked for, and giving up at
/// the time limit for the whole. The hosts the operator configured (`trusted`, "host:port") are
/// fetched as they are: a mirror on the local network, a test server.
struct SafeFetch: Sendable {
    let eventLoopGroup: any EventLoopGroup
    let pool: NIOThreadPool
    let trusted: Set<String>
    /// Names this server to the services (Wikimedia asks every client for a way to reach its operator).
    var userAgent = "Mobilize"
    static let maxRedirects = 3

    struct Answer: Sendable {
        let data: Data
        let contentType: String
    }

    enum Failure: Error, Equatable {
        /// Not http(s), or no host.
        case badURL
        /// The host is, or resolves to, an address that is not public.
        case notPublic
        /// The host has no address.
        case unknownHost
        case tooManyRedirects
        case tooLarge
        case timedOut
        /// The server answered with this status.
        case status(UInt)
        /// No answer: the connection failed or broke.
        case unreachable
    }

    static func key(of url: URL) -> String? {
        guard let host = url.host?.lowercased(), let scheme = url.scheme?.lowercased() else { return nil }
        return "\(host):\(url.port ?? (scheme == "https" ? 443 : 80))"
    }

    func get(_ url: URL, maxBytes: Int, timeout: Duration, accept: String) async throws -> Answer {
        try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask { try await follow(url, maxBytes: maxBytes, accept: accept) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw Failure.timedOut }
            return answer
        }
    }

    private func follow(_ start: URL, maxBytes: Int, accept: String) async throws -> Answer {
        var url = start
        for _ in 0...Self.maxRedirects {
            guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty,
                url.user == nil, let key = Self.key(of: url)
            else { throw Failure.badURL }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(5), read: .seconds(10))
            )
            // A service that is down is told as down at once, not tried again until the time is up.
            configuration.connectionPool.retryConnectionEstablishment = false
            if !trusted.contains(key) {
                configuration.dnsOverride = [host: try await publicAddress(of: host)]
            }
            let client = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: configuration)
            do {
                var request = HTTPClientRequest(url: url.absoluteString)
                request.headers.add(name: "Accept", value: accept)
                request.headers.add(name: "User-Agent", value: userAgent)
                let response: HTTPClientResponse
                do {
                    response = try await client.execute(request, timeout: .seconds(60))
                } catch {
                    throw Task.isCancelled ? Failure.timedOut : Failure.unreachable
                }
                let status = response.status.code
                if (300..<400).contains(status), status != 304 {
                    guard let location = response.headers.first(name: "Location"), let next = URL(string: location, relativeTo: url)
                    else { throw Failure.status(status) }
                    url = next.absoluteURL
                    Self.close(client)
                    continue
                }
                guard (200..<300).contains(status) else { throw Failure.status(status) }
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
                    throw Failure.tooLarge
                }
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: maxBytes)
                } catch is NIOTooManyBytesError {
                    throw Failure.tooLarge
                } catch {
                    throw Task.isCancelled ? Failure.timedOut : Failure.unreachable
                }
                Self.close(client)
                return Answer(
                    data: Data(buffer: body),
                    contentType: response.headers.first(name: "Content-Type")?.lowercased() ?? ""
                )
            } catch {
                Self.close(client)
                throw error
            }
        }
        throw Failure.tooManyRedirects
    }

    /// Shuts a client down even when the fetch was cancelled (at its time limit): a client must
    /// never be dropped running.
    private static func close(_ client: HTTPClient) {
        Task.detached { try? await client.shutdown() }
    }

    /// The address to connect to: the host's own when it is an address, otherwise the first of
    /// its addresses, when every one of them is public.
    private func publicAddress(of host: String) async throws -> String {
        if let literal = PublicAddress.parse(host) {
            guard PublicAddress.isPublic(literal) else { throw Failure.notPublic }
            return host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        }
        let addresses = try await pool.runIfActive { Self.resolve(host) }
        guard let first = addresses.first else { throw Failure.unknownHost }
        guard addresses.allSatisfy({ PublicAddress.isPublic($0.bytes) }) else { throw Failure.notPublic }
        return first.text
    }

    /// The host's IPv4 and IPv6 addresses, through the system's resolver.
    private static func resolve(_ host: String) -> [(bytes: [UInt8], text: String)] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let head = list else { return [] }
        defer { freeaddrinfo(head) }
        var found: [(bytes: [UInt8], text: String)] = []
        var next: UnsafeMutablePointer<addrinfo>? = head
        while let entry = next {
            defer { next = entry.pointee.ai_next }
            guard let address = entry.pointee.ai_addr else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let name = String(cString: text)
            guard let bytes = PublicAddress.parse(name) else { continue }
            found.append((bytes, name))
        }
        return found
    }
}
