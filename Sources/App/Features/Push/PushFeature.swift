import Crypto
import Fluent
import Vapor

/// Web Push: the browsers a person lets show notifications, and the sending to them (reminders
/// now; any notice later). The server's VAPID key comes from `VAPID_PRIVATE_KEY` or a key file.
enum PushFeature: Feature {
    static var migrations: [any Migration] { [CreatePushSubscriptions()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: PushData.declarations, readers: PushData.readers)
    }
    static var routes: [any RouteCollection] { [PushController()] }

    static func configure(_ app: Application) throws {
        let config = app.config
        let bytes = try config.vapidKey ?? KeyFile.key(named: "vapid.key", in: config.dataDirectory, variable: "VAPID_PRIVATE_KEY")
        let key = try P256.Signing.PrivateKey(rawRepresentation: bytes)
        // A contact for the push services: the site when it is https, else the sender's address.
        let subject =
            config.publicURL.scheme == "https"
            ? config.publicURL.absoluteString : "mailto:" + Self.address(in: config.mailFrom)
        app.push = PushSender(key: key, subject: subject, eventLoopGroup: app.eventLoopGroup)
        app.lifecycle.use(PushShutdown())
    }

    /// `Name <a@b>` or `a@b` → `a@b`.
    static func address(in from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }
}

struct PushShutdown: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        await app.push.shutdown()
    }
}
