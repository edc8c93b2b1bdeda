import Fluent
import Vapor

/// Pictures from an Internet search: open-licence services asked through the server, with the
/// person's consent, and the chosen picture stored like an upload with its creator and licence.
enum PictureSearchFeature: Feature {
    static var migrations: [any Migration] { [AddPictureSearch()] }
    static var routes: [any RouteCollection] { [PictureSearchController()] }

    static func configure(_ app: Application) throws {
        if let config = app.config.pictureSearch {
            app.pictureFinder = PictureFinder(
                config: config, eventLoopGroup: app.eventLoopGroup, pool: app.threadPool, server: app.config.publicURL
            )
        }
    }
}
