import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How the process uses threads and memory, set before anything else runs.
public enum ProcessTuning {
    /// Called first in `main`: may start the process again, then tunes it.
    public static func apply() {
        limitOpenMP()
        limitArenas()
    }

    /// Tesseract (the picture guard) spreads each reading over OpenMP threads that spin while
    /// they wait. The server already reads two pictures at once on its thread pool, so they only
    /// take turns: one thread per reading is faster on two cores and twice as fast on one.
    /// libgomp reads `OMP_THREAD_LIMIT` once, as it loads, before any of this code runs; so a
    /// process started without it starts itself again with it. An operator's value wins.
    static func limitOpenMP() {
        #if os(Linux)
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        // By its own path, so that the process keeps its name (`ps`, `pgrep mobilize`).
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        execv(path, CommandLine.unsafeArgv)
        // Reached only when the process could not start again: it runs on, reading more slowly.
        #endif
    }

    /// glibc gives threads that allocate at the same moment arenas of their own, up to eight per
    /// core, and memory freed in one arena is not reused by another: a server whose sockets are
    /// opened on its event loops and served from a dozen threads holds far more than it uses.
    /// One arena per core (at least two) keeps 10,000 waiting sockets under 300 MB. An operator's
    /// `MALLOC_ARENA_MAX` wins.
    static func limitArenas() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        // `mallopt` (malloc.h) is not in the Glibc module; M_ARENA_MAX is -8 there.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, Int32(max(2, System.coreCount)))
        #endif
    }
}
