import Fluent
import Foundation

/// A conversation in a user's circle: the circle's own (the user and their planners), or a direct
/// one between two of its members. Messages are numbered in it without gaps (`lastSeq`).
package final class Conversation: Model, @unchecked Sendable {
    package static let schema = "conversations"

    package enum Kind: String, Codable, Sendable {
        case circle, direct
    }

    @ID(key: .id) package var id: UUID?
    /// Whose circle: the user the conversation is about and with.
    @Parent(key: "circle_user_id") package var circleUser: User
    @Field(key: "kind") package var kind: Kind
    /// A direct conversation's two people, the lower id first; nil in the circle's.
    @OptionalParent(key: "member_a") package var memberA: User?
    @OptionalParent(key: "member_b") package var memberB: User?
    /// "circle", or the two people's ids: one row per circle and pair.
    @Field(key: "pair_key") package var pairKey: String
    /// The sequence number of the newest message.
    @Field(key: "last_seq") package var lastSeq: Int
    /// The circle's choice (kept on its circle conversation): its viewers write too.
    @Field(key: "viewers_may_write") package var viewersMayWrite: Bool
    /// The circle's choice: a planner who joins reads what was written before they came.
    @Field(key: "shares_history") package var sharesHistory: Bool
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package init(circleUser: UUID, between people: (UUID, UUID)? = nil, now: Date) {
        $circleUser.id = circleUser
        if let (one, other) = people {
            let pair = [one, other].sorted { $0.uuidString < $1.uuidString }
            kind = .direct
            $memberA.id = pair[0]
            $memberB.id = pair[1]
            pairKey = "\(pair[0].uuidString):\(pair[1].uuidString)"
        } else {
            kind = .circle
            pairKey = "circle"
        }
        lastSeq = 0
        viewersMayWrite = false
        sharesHistory = false
        createdAt = now
    }

    /// The two people of a direct conversation (empty for the circle's).
    package var pair: [UUID] { [$memberA.id, $memberB.id].compactMap { $0 } }
}

/// A message: its number in the conversation, its sender, its text and pictures. Deleting it, or
/// erasing its sender, leaves the number with no text and no pictures.
package final class ChatMessage: Model, @unchecked Sendable {
    package static let schema = "chat_messages"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "conversation_id") package var conversation: Conversation
    @Field(key: "seq") package var seq: Int
    /// Nil once the sender's data is erased.
    @OptionalParent(key: "sender_id") package var sender: User?
    /// The sender's own key for this message: a send repeated with it answers the first.
    @OptionalField(key: "client_key") package var clientKey: String?
    /// Nil once deleted.
    @OptionalField(key: "text") package var text: String?
    @Field(key: "sent_at") package var sentAt: Date
    @OptionalField(key: "edited_at") package var editedAt: Date?
    @OptionalField(key: "deleted_at") package var deletedAt: Date?
    @Children(for: \.$message) package var pictures: [ChatMessagePicture]

    package init() {}

    package var isDeleted: Bool { text == nil }
}

/// A picture shown in a message, in its place.
package final class ChatMessagePicture: Model, @unchecked Sendable {
    package static let schema = "chat_message_pictures"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "message_id") package var message: ChatMessage
    @Parent(key: "picture_id") package var picture: Picture
    @Field(key: "position") package var position: Int

    package init() {}

    package init(message: UUID, picture: UUID, position: Int) {
        $message.id = message
        $picture.id = picture
        self.position = position
    }
}

/// How far a member has read a conversation: their read receipt.
package final class ConversationRead: Model, @unchecked Sendable {
    package static let schema = "conversation_reads"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "conversation_id") package var conversation: Conversation
    @Parent(key: "user_id") package var user: User
    @Field(key: "last_read_seq") package var lastReadSeq: Int
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}
