import NIOCore
import NIOPosix

/// The one thread SQLite's writer runs on: both its statements (SQLiteNIO runs each on the thread
/// pool it is given, here this thread's) and the code between them (the writer's task prefers
/// this executor). A batch of write transactions then runs from its first statement to its commit
/// with no hand-over between threads: on a busy machine each hand-over waits for a core, and a
/// message's few statements waited longer for that than they took.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    let pool = NIOThreadPool(numberOfThreads: 1)

    init() {
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // Run even once the pool is stopping: a task left waiting would never end.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
