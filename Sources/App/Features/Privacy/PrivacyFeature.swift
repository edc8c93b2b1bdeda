import Fluent
import Vapor

/// Privacy: consents, insight, the access log's reading, exports, erasure, breach notices and
/// the daily retention jobs.
enum PrivacyFeature: Feature {
    static var migrations: [any Migration] { [CreateConsent(), CreateDataExport(), CreateBreachNotice()] }
    static var personIndexes: [(table: String, column: String)] {
        [
            ("consents", "user_id"), ("consents", "given_by"), ("exports", "user_id"), ("exports", "requested_by"),
            ("breach_notices", "subject_id"), ("breach_notices", "recipient_id"),
        ]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(
            declarations: PrivacyData.declarations,
            readers: PrivacyData.readers,
            streamers: PrivacyData.streamers
        )
    }
    static var routes: [any RouteCollection] { [PrivacyController(), ExportsController()] }
    static var jobs: [BackgroundJob] { [BackgroundJob(name: "privacy") { try await PrivacyJobs(app: $0).runIfDue() }] }
    static var commands: [(name: String, command: any AsyncCommand)] {
        [("audit", AuditCommand()), ("breach", BreachCommand()), ("privacy", PrivacyCommand())]
    }
}
