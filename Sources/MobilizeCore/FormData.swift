import Foundation

/// A strict reader of `multipart/form-data` bodies (RFC 7578), for uploads from untrusted clients.
/// It never traps on hostile bytes: anything it does not understand is a `FormData.Malformed`.
public struct FormData: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: Data
    }

    public struct Malformed: Error, Equatable, Sendable {
        public var reason: String
    }

    public static let maxParts = 32
    static let maxHeaderBytes = 8 << 10

    public var parts: [Part]

    /// The first part with this field name.
    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary of a `multipart/form-data` content type, if it is one with a valid boundary.
    public static func boundary(contentType: String) -> String? {
        let params = parameters(contentType)
        guard params.value.lowercased() == "multipart/form-data", let boundary = params.fields["boundary"],
            (1...70).contains(boundary.utf8.count),
            boundary.utf8.allSatisfy({ isBoundaryCharacter($0) }), boundary.utf8.last != UInt8(ascii: " ")
        else { return nil }
        return boundary
    }

    public init(parsing body: Data, boundary: String) throws(Malformed) {
        guard !boundary.isEmpty else { throw Malformed(reason: "the boundary is missing") }
        let body = body.startIndex == 0 ? body : Data(Array(body))  // indices from 0
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8)
        let nextDelimiter = crlf + delimiter
        // The first delimiter opens the body, or ends a preamble with CRLF.
        var cursor: Int
        if body.starts(with: delimiter) {
            cursor = delimiter.count
        } else if let found = body.range(of: nextDelimiter) {
            cursor = found.upperBound
        } else {
            throw Malformed(reason: "the boundary does not occur in the body")
        }
        var parts: [Part] = []
        while true {
            if body[cursor...].starts(with: Data("--".utf8)) { break }  // close delimiter
            // Transport padding (spaces, tabs) may follow a delimiter.
            while cursor < body.count, body[cursor] == 0x20 || body[cursor] == 0x09 { cursor += 1 }
            guard body[cursor...].starts(with: crlf) else {
                throw Malformed(reason: "a delimiter is not followed by a line break")
            }
            cursor += 2
            guard parts.count < Self.maxParts else { throw Malformed(reason: "more than \(Self.maxParts) parts") }
            let headerEnd: Int
            if body[cursor...].starts(with: crlf) {
                headerEnd = cursor  // a part with no headers
            } else {
                let searchEnd = min(body.count, cursor + Self.maxHeaderBytes)
                guard let found = body.range(of: Data("\r\n\r\n".utf8), in: cursor..<searchEnd) else {
                    throw Malformed(reason: "a part's headers do not end")
                }
                headerEnd = found.lowerBound + 2
            }
            let headers = try Self.headers(body[cursor..<headerEnd])
            let bodyStart = headerEnd + 2
            guard let end = body.range(of: nextDelimiter, in: bodyStart..<body.count) else {
                throw Malformed(reason: "the body ends before its closing boundary")
            }
            guard let disposition = headers["content-disposition"] else {
                throw Malformed(reason: "a part has no Content-Disposition")
            }
            let params = Self.parameters(disposition)
            guard params.value.lowercased() == "form-data", let name = params.fields["name"] else {
                throw Malformed(reason: "a part is not a named form-data field")
            }
            parts.append(
                Part(
                    name: name,
                    filename: params.fields["filename"],
                    contentType: headers["content-type"],
                    body: body.subdata(in: bodyStart..<end.lowerBound)
                )
            )
            cursor = end.upperBound
        }
        self.parts = parts
    }

    /// Header lines `Name: value` with ASCII token names; values are UTF-8 (as browsers send them).
    private static func headers(_ block: Data) throws(Malformed) -> [String: String] {
        var headers: [String: String] = [:]
        for line in block.split(separator: Data("\r\n".utf8)) where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw Malformed(reason: "a header line has no colon")
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenCharacter),
                let value = String(data: line[(colon + 1)...], encoding: .utf8)
            else { throw Malformed(reason: "a header is not valid") }
            headers[String(decoding: name, as: UTF8.self).lowercased()] = value.trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// `value; key=token; key="quoted \" string"` into the value and its parameters (keys lowercased).
    static func parameters(_ header: String) -> (value: String, fields: [String: String]) {
        var scalars = Substring(header)
        func skipSpaces() { scalars = scalars.drop { $0 == " " || $0 == "\t" } }
        let value = scalars.prefix { $0 != ";" }
        scalars = scalars.dropFirst(value.count)
        var fields: [String: String] = [:]
        while scalars.first == ";" {
            scalars = scalars.dropFirst()
            skipSpaces()
            let key = scalars.prefix { $0 != "=" && $0 != ";" }
            scalars = scalars.dropFirst(key.count)
            guard scalars.first == "=" else { continue }
            scalars = scalars.dropFirst()
            var fieldValue = ""
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                while let c = scalars.first, c != "\"" {
                    scalars = scalars.dropFirst()
                    if c == "\\", let escaped = scalars.first {
                        fieldValue.append(escaped)
                        scalars = scalars.dropFirst()
                    } else {
                        fieldValue.append(c)
                    }
                }
                scalars = scalars.dropFirst()
                scalars = scalars.drop { $0 != ";" }
            } else {
                let token = scalars.prefix { $0 != ";" }
                scalars = scalars.dropFirst(token.count)
                fieldValue = token.trimmingCharacters(in: .whitespaces)
            }
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if fields[name] == nil { fields[name] = fieldValue }
        }
        return (value.trimmingCharacters(in: .whitespaces), fields)
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}
