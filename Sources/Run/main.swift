import App
import MobilizeTools
import Vapor

/// `mobilize serve | migrate | demo | ...`: bootstraps logging, configures the app, adds the
/// tools' commands, runs, always shuts down.
ProcessTuning.apply()
var env = try Environment.detect()
try LoggingSetup.bootstrap(&env)
let app = try await Application.make(env)
do {
    try await configure(app)
    Tools.register(in: app)
    try await app.execute()
} catch {
    app.logger.critical("\(error)")
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
