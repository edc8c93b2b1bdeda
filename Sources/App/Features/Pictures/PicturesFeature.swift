import Fluent
import Vapor

/// Pictures: a user's own photos, re-encoded in three sizes, and avatars.
enum PicturesFeature: Feature {
    static var migrations: [any Migration] { [CreatePicture(), UpdateUserAddAvatar(), UpdatePictureAddScope()] }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: PicturesData.declarations, readers: PicturesData.readers)
    }
    static var routes: [any RouteCollection] { [PicturesController()] }
}
