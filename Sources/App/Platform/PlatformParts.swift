import Fluent

/// The platform's own tables: the jobs' leases, media kept in the database, and the limiter's
/// counters and rate windows.
enum PlatformParts: Feature {
    static var migrations: [any Migration] { [CreateJobRun(), CreateMediaBlob(), CreateAttemptCounter(), CreateRateWindow()] }
}
