import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: OperationsController())
    let api = app.grouped("api", "v1").grouped(AccessCacheInvalidation()).grouped(SessionAuthenticator())
        .grouped(RestrictionGuard())
    try api.register(collection: AuthController())
    try api.register(collection: MeController())
    try api.register(collection: ChildModeController())
    try api.register(collection: UsersController())
    try api.register(collection: PlannersController())
    try api.register(collection: InvitationsController())
    try api.register(collection: PairingController())
    try api.register(collection: OwnLoginController())
    try api.register(collection: InstitutionsController())
    try api.register(collection: PrivacyController())
    try api.register(collection: ExportsController())
    try api.register(collection: PicturesController())
    try api.register(collection: PictogramsController())
    try api.register(collection: PlansController())
    try api.register(collection: CalendarFeedsController())
    try api.register(collection: RealtimeController())
    try api.register(collection: RoutinesController())
}
