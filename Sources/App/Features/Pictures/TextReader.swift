import CTesseract
import Foundation
import MobilizeCore
import NIOConcurrencyHelpers
import VipsShim

/// Reads the words of a picture with Tesseract, through its C API: each engine loads its
/// languages once and is kept for the next picture, one picture at a time each. Blocking: call
/// it on a thread of the thread pool, never on an event loop.
final class TextReader: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What was read: the words by line, and whether the reading ended before its deadline.
    struct Reading: Sendable {
        var lines: [[SensitiveText.Word]]
        var complete: Bool
    }

    let languages: String
    /// Words read with less confidence (0...100) are noise more often than text.
    static let minConfidence: Float = 40
    private let idle = NIOLockedValueBox<[OpaquePointer]>([])
    private let made = NIOLockedValueBox(0)

    /// Engines made so far (each holds its languages until the process ends).
    var engines: Int { made.withLockedValue { $0 } }

    private init(languages: String) {
        self.languages = languages
    }

    private static let readers = NIOLockedValueBox<[String: TextReader]>([:])

    /// The reader of these languages, one per process: its engines outlive any one application.
    static func shared(_ languages: String) -> TextReader {
        readers.withLockedValue { readers in
            if let reader = readers[languages] { return reader }
            let reader = TextReader(languages: languages)
            readers[languages] = reader
            return reader
        }
    }

    /// Reads one-byte grey `pixels` of `width` x `height`, stopping after `milliseconds`.
    func read(_ pixels: UnsafeRawBufferPointer, width: Int, height: Int, milliseconds: Int) throws -> Reading {
        let engine = try checkOut()
        defer { checkIn(engine) }
        TessBaseAPISetImage(
            engine, pixels.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height), 1, Int32(width)
        )
        // Photos carry no resolution: the size of the letters is what matters, read at 300 dpi.
        TessBaseAPISetSourceResolution(engine, 300)
        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetDeadlineMSecs(monitor, Int32(milliseconds))
        let started = ContinuousClock.now
        guard TessBaseAPIRecognize(engine, monitor) == 0 else {
            TessBaseAPIClear(engine)
            throw Failure(description: "the text could not be read")
        }
        let complete = ContinuousClock.now - started < .milliseconds(milliseconds)
        defer { TessBaseAPIClear(engine) }
        guard let words = TessBaseAPIGetIterator(engine) else { return Reading(lines: [], complete: complete) }
        defer { TessResultIteratorDelete(words) }
        let page = TessResultIteratorGetPageIterator(words)
        var lines: [[SensitiveText.Word]] = []
        repeat {
            if lines.isEmpty || TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 { lines.append([]) }
            guard let text = TessResultIteratorGetUTF8Text(words, RIL_WORD) else { continue }
            defer { TessDeleteText(text) }
            guard TessResultIteratorConfidence(words, RIL_WORD) >= Self.minConfidence else { continue }
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            let box = SensitiveText.Box(
                x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top)
            )
            lines[lines.count - 1].append(SensitiveText.Word(String(cString: text), box))
        } while TessResultIteratorNext(words, RIL_WORD) != 0
        return Reading(lines: lines.filter { !$0.isEmpty }, complete: complete)
    }

    /// Loads the languages into one engine ahead of the first picture.
    func prepare() throws {
        checkIn(try checkOut())
    }

    /// An engine with the languages loaded: an idle one, or a new one (about a second).
    private func checkOut() throws -> OpaquePointer {
        if let engine = idle.withLockedValue({ $0.popLast() }) { return engine }
        guard let engine = TessBaseAPICreate() else { throw Failure(description: "Tesseract did not start") }
        guard TessBaseAPIInit2(engine, nil, languages, OEM_LSTM_ONLY) == 0 else {
            TessBaseAPIDelete(engine)
            throw Failure(description: "Tesseract has no data for \(languages)")
        }
        made.withLockedValue { $0 += 1 }
        // Its notes about each picture stay out of the server's log.
        _ = TessBaseAPISetVariable(engine, "debug_file", "/dev/null")
        TessBaseAPISetPageSegMode(engine, PSM_AUTO)
        return engine
    }

    private func checkIn(_ engine: OpaquePointer) {
        idle.withLockedValue { $0.append(engine) }
    }
}
