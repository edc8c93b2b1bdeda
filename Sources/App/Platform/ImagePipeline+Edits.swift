import Foundation
import VipsShim

/// What the guard against sensitive pictures asks of libvips: a grey copy to read, areas made
/// unreadable, a part cut out; and pictures with text for its tests.
extension ImagePipeline {
    /// One byte a pixel, upright, fitted within `maxSize`, for reading text.
    struct Grey: ~Copyable {
        let pixels: UnsafeMutableRawPointer
        let count: Int
        let width: Int
        let height: Int

        deinit { mz_vips_free(pixels) }

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pixels, count: count) }
    }

    static func grey(_ data: Data, maxSize: Int) throws -> Grey {
        guard started else { throw Failure.unreadable("libvips did not start") }
        var pixels: UnsafeMutableRawPointer?
        var count = 0
        var width: Int32 = 0
        var height: Int32 = 0
        let status = data.withUnsafeBytes { mz_vips_gray($0.baseAddress, $0.count, Int32(maxSize), &pixels, &count, &width, &height) }
        guard status == 0, let pixels else { throw Failure.unreadable(lastError()) }
        return Grey(pixels: pixels, count: count, width: Int(width), height: Int(height))
    }

    /// The picture (a stored size, upright) with each area made unreadable.
    static func obscure(_ data: Data, areas: [(x: Int, y: Int, width: Int, height: Int)]) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        let boxes = areas.flatMap { [Int32($0.x), Int32($0.y), Int32($0.width), Int32($0.height)] }
        return try encoded { output, length in
            data.withUnsafeBytes { bytes in
                boxes.withUnsafeBufferPointer {
                    mz_vips_obscure(bytes.baseAddress, bytes.count, $0.baseAddress, Int32(areas.count), output, length)
                }
            }
        }
    }

    /// One area of the picture (a stored size, upright).
    static func crop(_ data: Data, x: Int, y: Int, width: Int, height: Int) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        return try encoded { output, length in
            data.withUnsafeBytes {
                mz_vips_crop($0.baseAddress, $0.count, Int32(x), Int32(y), Int32(width), Int32(height), output, length)
            }
        }
    }

    /// A JPEG with `text` printed on light paper, for tests and benchmarks.
    package static func testText(_ text: String, width: Int, height: Int, points: Int = 48) throws -> Data {
        guard started else { throw Failure.unreadable("libvips did not start") }
        return try encoded { output, length in
            mz_vips_test_text(text, Int32(width), Int32(height), Int32(points), output, length)
        }
    }

    private static func encoded(
        _ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>) -> Int32
    ) throws -> Data {
        var output: UnsafeMutableRawPointer?
        var length = 0
        guard body(&output, &length) == 0, let output else { throw Failure.unreadable(lastError()) }
        defer { mz_vips_free(output) }
        return Data(bytes: output, count: length)
    }
}
