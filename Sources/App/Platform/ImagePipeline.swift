import Foundation
import VipsShim

/// Decodes and re-encodes pictures with libvips: only the formats a photo or a pictogram comes
/// in, never anything that can carry script (SVG), nothing over 50 megapixels, and no metadata
/// out (EXIF and its GPS position, XMP, IPTC, comments, colour profiles).
package enum ImagePipeline {
    enum Failure: Error, Equatable {
        case notAnImage
        case unsupported(String)
        case tooLarge(megapixels: Int)
        case unreadable(String)
    }

    struct Header: Sendable, Equatable {
        let format: String
        let width: Int
        let height: Int
        let pages: Int
    }

    package struct Rendition: Sendable {
        package let data: Data
        package let contentType: String
        package let width: Int
        package let height: Int
    }

    static let maxPixels = 50_000_000
    /// libvips loader names, by the format they read.
    static let formats: [String: String] = [
        "jpeg": "jpeg", "png": "png", "webp": "webp", "heif": "heif", "gif": "gif",
    ]

    static let started: Bool = mz_vips_start() == 0

    /// Reads the header only: the format and size, before anything is decoded.
    static func probe(_ data: Data) throws -> Header {
        guard started else { throw Failure.unreadable("libvips did not start") }
        var loader = [CChar](repeating: 0, count: 128)
        var width: Int32 = 0
        var height: Int32 = 0
        var pages: Int32 = 0
        let status = data.withUnsafeBytes { bytes in
            mz_vips_probe(bytes.baseAddress, bytes.count, &loader, loader.count, &width, &height, &pages)
        }
        guard status == 0 else {
            _ = lastError()
            throw Failure.notAnImage
        }
        let name = String(decoding: loader.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
        guard let format = formats.first(where: { name.contains($0.key) })?.value else {
            throw Failure.unsupported(name.replacingOccurrences(of: "vipsforeignload", with: ""))
        }
        let pixels = Int(width) * Int(height)
        guard pixels <= maxPixels else { throw Failure.tooLarge(megapixels: pixels / 1_000_000) }
        return Header(format: format, width: Int(width), height: Int(height), pages: Int(pages))
    }

    /// How long one size may take to decode and encode; past it the work stops with an error.
    static let timeLimit = 30_000

    /// One size of the picture, fitted within `maxSize` x `maxSize`, within `milliseconds`.
    package static func render(_ data: Data, maxSize: Int, milliseconds: Int = timeLimit) throws -> Rendition {
        var output: UnsafeMutableRawPointer?
        var length = 0
        var isPNG: Int32 = 0
        var width: Int32 = 0
        var height: Int32 = 0
        let status = data.withUnsafeBytes { bytes in
            mz_vips_render(
                bytes.baseAddress,
                bytes.count,
                Int32(maxSize),
                Int32(milliseconds),
                &output,
                &length,
                &isPNG,
                &width,
                &height
            )
        }
        guard status == 0, let output else { throw Failure.unreadable(lastError()) }
        defer { mz_vips_free(output) }
        return Rendition(
            data: Data(bytes: output, count: length),
            contentType: isPNG != 0 ? "image/png" : "image/jpeg",
            width: Int(width),
            height: Int(height)
        )
    }

    /// A pictogram of the archive, from SVG to a PNG of `size` x `size`. Only for the archive's
    /// own files: uploads never reach an SVG loader (`probe` refuses them).
    static func rasterizeArchiveSVG(_ data: Data, size: Int) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        var output: UnsafeMutableRawPointer?
        var length = 0
        let status = data.withUnsafeBytes { bytes in
            mz_vips_render_svg(bytes.baseAddress, bytes.count, Int32(size), &output, &length)
        }
        guard status == 0, let output else { throw Failure.unreadable(lastError()) }
        defer { mz_vips_free(output) }
        return Data(bytes: output, count: length)
    }

    /// A JPEG of noise, `width` x `height`, for tests and benchmarks.
    package static func testJPEG(width: Int, height: Int) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        var output: UnsafeMutableRawPointer?
        var length = 0
        guard mz_vips_test_jpeg(Int32(width), Int32(height), &output, &length) == 0, let output else {
            throw Failure.unreadable(lastError())
        }
        defer { mz_vips_free(output) }
        return Data(bytes: output, count: length)
    }

    /// A test picture in `format` ("png", "webp", "heic", "gif" with two frames).
    static func testImage(width: Int, height: Int, format: String) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        var output: UnsafeMutableRawPointer?
        var length = 0
        guard mz_vips_test_image(Int32(width), Int32(height), format, &output, &length) == 0, let output else {
            throw Failure.unreadable(lastError())
        }
        defer { mz_vips_free(output) }
        return Data(bytes: output, count: length)
    }

    static func lastError() -> String {
        var message = [CChar](repeating: 0, count: 512)
        mz_vips_error(&message, message.count)
        return String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
