import Foundation
import Testing

@testable import App

/// The image pipeline on real libvips: metadata never survives, orientation is honoured, and
/// hostile files are refused before they are decoded.
@Suite struct ImagePipelineTests {
    static let exiftool = ["/usr/bin/exiftool", "/usr/local/bin/exiftool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @discardableResult
    static func exiftool(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try #require(exiftool, "exiftool (libimage-exiftool-perl) is installed")
        )
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    /// A photo as a phone takes it: EXIF with a GPS position, taken sideways (orientation 6).
    static func phonePhoto(width: Int = 1200, height: Int = 800) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try ImagePipeline.testJPEG(width: width, height: height).write(to: file)
        try exiftool([
            "-overwrite_original", "-GPSLatitude=55.6761", "-GPSLatitudeRef=N", "-GPSLongitude=12.5683",
            "-GPSLongitudeRef=E", "-Orientation#=6", "-Make=PhoneMaker", "-Comment=home address", file.path,
        ])
        return try Data(contentsOf: file)
    }

    static func tags(of data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.write(to: file)
        return try exiftool(["-a", "-G1", "-s", file.path])
    }

    @Test(.enabled(if: exiftool != nil || ProcessInfo.processInfo.environment["MOBILIZE_REQUIRE_SERVICES"] == "1"))
    func noSizeOfAPhoneJPEGKeepsItsGPSPositionOrAnyEXIF() throws {
        let photo = try Self.phonePhoto()
        let before = try Self.tags(of: photo)
        #expect(before.contains("GPSLatitude") && before.contains("PhoneMaker"), "the test photo carries GPS")
        for size in [256, 1280, 4096] {
            let rendition = try ImagePipeline.render(photo, maxSize: size)
            let after = try Self.tags(of: rendition.data)
            for tag in ["GPS", "EXIF", "XMP", "IPTC", "PhoneMaker", "home address", "Orientation"] {
                #expect(!after.contains(tag), "size \(size) still has \(tag)")
            }
            #expect(rendition.contentType == "image/jpeg")
        }
    }

    @Test func theOrientationIsAppliedAndSizesFit() throws {
        let sideways = try Self.phonePhoto(width: 1200, height: 800)
        let thumb = try ImagePipeline.render(sideways, maxSize: 256)
        #expect(thumb.width == 171 && thumb.height == 256, "turned upright: \(thumb.width)x\(thumb.height)")
        let original = try ImagePipeline.render(sideways, maxSize: 4096)
        #expect(original.width == 800 && original.height == 1200, "never enlarged")
        let header = try ImagePipeline.probe(original.data)
        #expect(header == .init(format: "jpeg", width: 800, height: 1200, pages: 1))
    }

    @Test func scriptsAndNonImagesAreRefused() throws {
        let svg = Data(
            #"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>"#.utf8
        )
        #expect(throws: ImagePipeline.Failure.self) { try ImagePipeline.probe(svg) }
        #expect(throws: ImagePipeline.Failure.notAnImage) { try ImagePipeline.probe(Data("hello, not a picture".utf8)) }
        #expect(throws: ImagePipeline.Failure.notAnImage) { try ImagePipeline.probe(Data()) }
    }

    @Test func aTruncatedPictureFailsCleanly() throws {
        let photo = try ImagePipeline.testJPEG(width: 600, height: 400)
        let truncated = photo.prefix(photo.count / 3)
        #expect(throws: ImagePipeline.Failure.self) {
            _ = try ImagePipeline.probe(truncated)
            _ = try ImagePipeline.render(truncated, maxSize: 256)
        }
    }

    @Test func aDecompressionBombIsRefusedFromItsHeader() throws {
        // A small JPEG whose frame header claims 10,000 x 10,000 pixels.
        var jpeg = try ImagePipeline.testJPEG(width: 64, height: 64)
        let sof = try #require(jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        for (offset, value) in [(5, 10_000), (7, 10_000)] {
            jpeg[sof + offset] = UInt8(value >> 8)
            jpeg[sof + offset + 1] = UInt8(value & 0xFF)
        }
        #expect(throws: ImagePipeline.Failure.tooLarge(megapixels: 100)) { try ImagePipeline.probe(jpeg) }
    }

    @Test func aDecodePastItsTimeLimitStopsWithAnError() throws {
        let photo = try ImagePipeline.testJPEG(width: 3000, height: 2000)
        #expect(throws: ImagePipeline.Failure.self) { try ImagePipeline.render(photo, maxSize: 4096, milliseconds: 0) }
        #expect(try ImagePipeline.render(photo, maxSize: 256).width == 256)
    }
}
