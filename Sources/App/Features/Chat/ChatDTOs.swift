import Foundation
import Vapor

/// A conversation as its member sees it: who is in it, how far each has read, and what the
/// caller may do.
struct ConversationDTO: Content {
    struct Member: Content {
        let id: UUID
        let name: String
        /// "user" (whose circle it is), or the planner's role.
        let role: String
        let lastReadSeq: Int
    }

    let id: UUID
    /// Whose circle.
    let userId: UUID
    let kind: String
    let members: [Member]
    let lastSeq: Int
    let lastReadSeq: Int
    let unreadCount: Int
    /// The first number the caller may read (a planner who joined later starts there).
    let firstVisibleSeq: Int
    let mayWrite: Bool
    let viewersMayWrite: Bool
    let sharesHistory: Bool
}

struct StartConversationRequest: StrictContent {
    static let allowedKeys: Set<String> = ["withUserId"]
    var withUserId: UUID
}

struct ConversationSettingsRequest: StrictContent {
    static let allowedKeys: Set<String> = ["viewersMayWrite", "sharesHistory"]
    var viewersMayWrite: Bool?
    var sharesHistory: Bool?
}

struct MessageDTO: Content {
    struct PictureRef: Content {
        let id: UUID
        let width: Int
        let height: Int
    }

    let id: UUID
    let conversationId: UUID
    let seq: Int
    @NullEncoded var senderId: UUID?
    @NullEncoded var senderName: String?
    /// Nil when deleted.
    @NullEncoded var text: String?
    let pictures: [PictureRef]
    let sentAt: Date
    @NullEncoded var editedAt: Date?
    let deleted: Bool
    /// The sender's own key, shown to the sender alone (to match a message sent while offline).
    @NullEncoded var clientKey: String?
}

struct SendMessageRequest: StrictContent {
    static let allowedKeys: Set<String> = ["clientKey", "text", "pictureIds"]
    var clientKey: String
    var text: String?
    var pictureIds: [UUID]?
}

struct EditMessageRequest: StrictContent {
    static let allowedKeys: Set<String> = ["text"]
    var text: String
}

struct ReadReceiptRequest: StrictContent {
    static let allowedKeys: Set<String> = ["seq"]
    var seq: Int
}

struct ReadReceiptDTO: Content {
    let conversationId: UUID
    let lastReadSeq: Int
    let unreadCount: Int
}

/// `?after=<seq>&before=<seq>&limit=<n>` as given, checked by `MessageWindow`.
struct MessageWindowQuery: QueryValues {
    var after: String?
    var before: String?
    var limit: String?
}

extension MessageWindowQuery {
    init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(after: values.queryText(.after), before: values.queryText(.before), limit: values.queryText(.limit))
    }
}
