import Fluent
import SQLKit
import Vapor

/// Chat (PlaNet): the conversations of a user's circle, their messages and pictures, read
/// receipts, and the live news of them.
enum ChatFeature: Feature {
    /// The kind of place a chat picture belongs to (`Picture.scope`).
    static let pictureScope = "conversation"
    /// A picture added to a conversation and never sent goes after a day.
    static let unsentPictureLifetime: TimeInterval = 86_400

    static var migrations: [any Migration] { [CreateConversations()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: ChatData.declarations, readers: ChatData.readers, streamers: ChatData.streamers)
    }
    static var routes: [any RouteCollection] { [ChatController()] }
    static var noticeChannels: [NoticeChannel] { [ChatHub.noticeChannel] }
    static var jobs: [BackgroundJob] {
        [BackgroundJob(name: "chat pictures") { app in try await deleteUnsentPictures(app, now: app.clock.now) }]
    }

    static func configure(_ app: Application) throws {
        app.pictureScopes.register(pictureScope, ChatPictures.check)
        app.chat = ChatHub()
        if case .postgres = app.config.database {
            app.chat.broadcast = { payload in
                guard let sql = app.db as? any SQLDatabase else { return }
                // Best effort: a notice lost here is caught up when the client next catches up.
                try? await sql.raw("SELECT pg_notify(\(bind: ChatHub.channel), \(bind: payload))").run()
            }
        }
        ChatLive.register(on: app)
    }

    /// Pictures added to a conversation and not sent in a day, or whose message or conversation
    /// is gone.
    static func deleteUnsentPictures(_ app: Application, now: Date) async throws {
        let db = app.db
        let old = try await Picture.query(on: db).filter(\.$scope, .custom("LIKE"), "\(pictureScope):%")
            .filter(\.$createdAt < now.addingTimeInterval(-unsentPictureLifetime)).limit(1000).all()
        guard !old.isEmpty else { return }
        let sent = Set(
            try await ChatMessagePicture.query(on: db).filter(\.$picture.$id ~~ old.map { try $0.requireID() })
                .all().map { $0.$picture.id }
        )
        for picture in old where !sent.contains(try picture.requireID()) {
            try await PictureService.delete(picture, on: db, media: app.media)
        }
    }
}

/// Who sees a picture sent in a conversation: its members, and of a planner who joined later only
/// those of messages they may read; the one who added it deletes it.
enum ChatPictures {
    @Sendable static func check(
        _ action: PictureScopes.Action,
        _ picture: Picture,
        _ conversationID: UUID,
        _ request: Request
    ) async throws {
        guard let conversation = try await Conversation.find(conversationID, on: request.db) else {
            throw Problem.notFound()
        }
        let granted = try await ChatAccess(request: request).authorize(.read, in: conversation)
        let mine = picture.$user.id == granted.principal.userID
        switch action {
        case .read:
            if mine { return }
            guard
                let link = try await ChatMessagePicture.query(on: request.db).filter(\.$picture.$id == picture.requireID())
                    .with(\.$message).first(),
                granted.readsFrom.map({ link.message.sentAt >= $0 }) ?? true
            else { throw Problem.notFound() }
        case .add:
            _ = try await ChatAccess(request: request).authorize(.write, in: conversation)
        case .delete:
            guard mine else { throw Problem.forbidden("Only the one who added a picture deletes it.") }
        }
    }
}
