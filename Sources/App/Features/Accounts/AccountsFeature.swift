import Fluent
import Vapor

/// Accounts: signing up and in, a young person's own login, child mode, known devices.
enum AccountsFeature: Feature {
    static var migrations: [any Migration] { [CreateAccountToken(), CreateKnownDevice(), UpdateUserAddOwnLogin()] }
    static var personIndexes: [(table: String, column: String)] {
        [("account_tokens", "user_id"), ("account_tokens", "email")]
    }
    static var personalData: PersonalDataRegistry {
        PersonalDataRegistry(declarations: AccountsData.declarations, readers: AccountsData.readers)
    }
    static var routes: [any RouteCollection] {
        [AuthController(), MeController(), ChildModeController(), OwnLoginController()]
    }
}
