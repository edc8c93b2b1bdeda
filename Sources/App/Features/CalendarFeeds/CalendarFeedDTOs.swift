import Fluent
import MobilizeCore
import Vapor

struct CalendarFeedDTO: Content {
    var id: UUID
    var userId: UUID
    var createdAt: Date
    @NullEncoded var lastUsedAt: Date?
    /// The feed's address with its token: in the answer that makes it, never again.
    @NullEncoded var url: String?
    /// The same for calendar apps that open `webcal:` links.
    @NullEncoded var webcalUrl: String?
}
