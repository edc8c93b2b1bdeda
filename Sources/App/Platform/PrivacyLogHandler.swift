import Logging
import Vapor

/// Wraps every log handler of the process and drops the metadata that carries values of
/// personal data: the filters and input of database queries and the binds of SQL statements.
/// Routes are logged by pattern, so paths with tokens never reach a handler either.
public struct PrivacyLogHandler: LogHandler {
    static let redactedKeys: Set<String> = ["filters", "input", "binds"]

    private var wrapped: any LogHandler

    public init(wrapping handler: any LogHandler) { self.wrapped = handler }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata?.filter { !Self.redactedKeys.contains($0.key) }
        wrapped.log(event: event)
    }
}

public enum LoggingSetup {
    /// Text logs for people, or JSON lines with `LOG_FORMAT=json`; both behind the privacy filter.
    public static func bootstrap(_ environment: inout Environment) throws {
        let json = ProcessInfo.processInfo.environment["LOG_FORMAT"] == "json"
        try LoggingSystem.bootstrap(from: &environment) { level in
            let console = Terminal()
            return { label in
                var handler: any LogHandler =
                    json ? JSONLogHandler(label: label) : ConsoleLogger(label: label, console: console, level: level)
                handler.logLevel = level
                return PrivacyLogHandler(wrapping: handler)
            }
        }
    }
}
