import Fluent
import Vapor

/// Pictures: a user's own photos, re-encoded in three sizes and read by the guard against
/// sensitive pictures first, and avatars.
enum PicturesFeature: Feature {
    static var migrations: [any Migration] {
        [CreatePicture(), UpdateUserAddAvatar(), UpdatePictureAddScope(), CreatePictureHolds()]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: PicturesData.declarations, readers: PicturesData.readers)
    }
    static var routes: [any RouteCollection] { [PicturesController(), PictureHoldsController()] }
    static var commands: [(name: String, command: any AsyncCommand)] { [("pictures", GuardCheckCommand())] }
    static var jobs: [BackgroundJob] {
        [BackgroundJob(name: "held pictures") { app in try await PictureService.releaseExpiredHolds(app, now: app.clock.now) }]
    }

    static func configure(_ app: Application) throws {
        guard let settings = app.config.pictureGuard else { return }
        app.pictureGuard = PictureGuard(settings: settings)
        app.lifecycle.use(PictureGuardWarmUp())
    }
}
