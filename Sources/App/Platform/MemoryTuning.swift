import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How the process allocates memory, set before anything else runs.
public enum MemoryTuning {
    /// glibc gives threads that allocate at the same moment arenas of their own, up to eight per
    /// core, and memory freed in one arena is not reused by another: a server whose sockets are
    /// opened on its event loops and served from a dozen threads holds far more than it uses.
    /// One arena per core (at least two) keeps 10,000 waiting sockets under 300 MB. An operator's
    /// `MALLOC_ARENA_MAX` wins.
    public static func apply() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        // `mallopt` (malloc.h) is not in the Glibc module; M_ARENA_MAX is -8 there.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, Int32(max(2, System.coreCount)))
        #endif
    }
}
