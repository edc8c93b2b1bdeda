import MobilizeCore
import Vapor

struct ChildModeDTO: Content {
    var locked: Bool
    @NullEncoded var userId: UUID?
    var pinSet: Bool
}

struct ChildModePinRequest: StrictContent {
    static let allowedKeys: Set<String> = ["pin", "password"]
    var pin: String
    var password: String
}

struct ChildModeRequest: StrictContent {
    static let allowedKeys: Set<String> = ["userId"]
    var userId: UUID
}

struct ChildModeUnlockRequest: StrictContent {
    static let allowedKeys: Set<String> = ["pin", "password"]
    var pin: String?
    var password: String?
}
