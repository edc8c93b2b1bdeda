import Fluent
import Vapor

/// Pictograms: the embedded archive, its search, institutions' own collections, a user's own
/// names for pictograms.
enum PictogramsFeature: Feature {
    static var migrations: [any Migration] {
        [CreatePictogramCollection(), CreatePictogram(), CreatePictogramName(), CreatePictogramAlternateName()]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: PictogramsData.declarations, readers: PictogramsData.readers)
    }
    static var routes: [any RouteCollection] { [PictogramsController()] }
    static var commands: [(name: String, command: any AsyncCommand)] { [("pictograms", PictogramsCommand())] }
}
