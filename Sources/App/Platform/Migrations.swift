import Fluent
import Vapor

/// Every migration, in the order they run. New ones are appended, never reordered.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateUser())
        app.migrations.add(CreateAuthSession())
        app.migrations.add(CreateAccountToken())
        app.migrations.add(CreatePlannerLink())
        app.migrations.add(CreateInvitation())
        app.migrations.add(CreatePairingCode())
        app.migrations.add(CreateInstitution())
        app.migrations.add(CreateDepartment())
        app.migrations.add(CreateStaffMembership())
        app.migrations.add(CreateStaffInvitation())
        app.migrations.add(CreateServedUser())
        app.migrations.add(UpdateUserAddPrivacy())
        app.migrations.add(CreateConsent())
        app.migrations.add(CreateAccessLog())
        app.migrations.add(CreateDataExport())
        app.migrations.add(CreateInvoice())
        app.migrations.add(CreateJobRun())
        app.migrations.add(CreateBreachNotice())
        app.migrations.add(CreatePersonIndexes())
        app.migrations.add(CreatePicture())
        app.migrations.add(CreatePictogramCollection())
        app.migrations.add(CreatePictogram())
        app.migrations.add(CreatePictogramName())
        app.migrations.add(CreatePictogramAlternateName())
        app.migrations.add(CreateMediaBlob())
        app.migrations.add(UpdateUserAddAvatar())
        app.migrations.add(CreateActivity())
        app.migrations.add(CreateOccurrenceState())
        app.migrations.add(UpdateActivityAddSeries())
        app.migrations.add(CreateCalendarFeed())
        app.migrations.add(CreateRoutine())
        app.migrations.add(UpdateSessionAddChildMode())
        app.migrations.add(UpdateActivityAddLastStart())
        app.migrations.add(CreateAttemptCounter())
        app.migrations.add(CreateKnownDevice())
        app.migrations.add(UpdateSessionAddOpener())
    }
}
