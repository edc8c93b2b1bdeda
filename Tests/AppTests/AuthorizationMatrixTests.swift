import Foundation
import Testing
import VaporTesting

@testable import App

/// The authorization matrix: for every route, who may call it and what they get. A route with no
/// row fails the test, so a new route cannot ship without its permissions stated here.
@Suite struct AuthorizationMatrixTests {
    struct Row: Sendable {
        let method: HTTPMethod
        let path: String
        let body: [String: any Sendable]?
        let expected: [(MatrixActor, UInt)]
    }

    static func row(
        _ method: HTTPMethod,
        _ path: String,
        _ body: [String: any Sendable],
        _ expected: KeyValuePairs<MatrixActor, UInt>
    ) -> Row {
        Row(method: method, path: path, body: body, expected: Array(expected))
    }

    static func row(_ method: HTTPMethod, _ path: String, _ expected: KeyValuePairs<MatrixActor, UInt>) -> Row {
        Row(method: method, path: path, body: nil, expected: Array(expected))
    }

    static let pw = Fixtures.password

    static let rows: [Row] = [
        row(.GET, "/healthz", [.anonymous: 200]),
        row(.GET, "/readyz", [.anonymous: 200]),
        row(.GET, "/api/openapi.yaml", [.anonymous: 200]),
        // Accounts
        row(.POST, "/api/v1/auth/register", ["email": "{newEmail}", "password": pw, "name": "New"], [.anonymous: 201]),
        row(.POST, "/api/v1/auth/verify-email", ["token": "not-a-token"], [.anonymous: 400]),
        row(.POST, "/api/v1/auth/resend-verification", [.anonymous: 401, .guardian: 202, .child: 403]),
        row(.POST, "/api/v1/auth/login", ["email": "gina@example.org", "password": pw], [.anonymous: 200]),
        row(
            .POST,
            "/api/v1/auth/login",
            ["email": "gina@example.org", "password": "wrong password"],
            [.anonymous: 401]
        ),
        row(.POST, "/api/v1/auth/logout", [.anonymous: 401, .freshGuardian: 204, .freshDevice: 204]),
        row(.POST, "/api/v1/auth/password/forgot", ["email": "gina@example.org"], [.anonymous: 202]),
        row(.POST, "/api/v1/auth/password/reset", ["token": "nope", "password": pw], [.anonymous: 400]),
        row(.POST, "/api/v1/auth/pair", ["code": "{pairCode}", "deviceName": "iPad"], [.anonymous: 200]),
        row(.POST, "/api/v1/auth/pair", ["code": "2345-6789", "deviceName": "iPad"], [.anonymous: 400]),
        row(.GET, "/api/v1/me", [.anonymous: 401, .guardian: 200, .child: 200, .teen: 200]),
        row(.PATCH, "/api/v1/me", ["name": "Gina"], [.anonymous: 401, .guardian: 200, .child: 403]),
        row(
            .PUT,
            "/api/v1/me/password",
            ["currentPassword": pw, "newPassword": "another long one"],
            [.anonymous: 401, .child: 403, .spareAdult: 204]
        ),
        row(
            .PUT,
            "/api/v1/me/password",
            ["currentPassword": "wrong one!", "newPassword": "another long one"],
            [.guardian: 422]
        ),
        row(.GET, "/api/v1/me/sessions", [.anonymous: 401, .guardian: 200, .child: 403]),
        row(.DELETE, "/api/v1/me/sessions/{ownSession}", [.anonymous: 401, .guardian: 204, .child: 403]),
        row(.DELETE, "/api/v1/me/sessions/{strangerSession}", [.guardian: 404]),
        // Child mode: a planner's session handed to a child, taken back with the PIN.
        row(.GET, "/api/v1/me/notice-settings", [.anonymous: 401, .guardian: 200, .child: 403, .teen: 200]),
        row(
            .PUT, "/api/v1/me/notice-settings", ["escalationMail": false, "escalationSms": false, "dailySummary": true, "serviceNews": false],
            [.anonymous: 401, .guardian: 200, .child: 403, .teen: 200]
        ),
        // A phone number for text messages: this test server has no SMS gateway, so none can be given.
        row(.GET, "/api/v1/me/phone", [.anonymous: 401, .guardian: 200, .child: 403, .teen: 200]),
        row(.PUT, "/api/v1/me/phone", ["number": "+4512345678"], [.anonymous: 401, .guardian: 409, .child: 403, .teen: 409]),
        row(.POST, "/api/v1/me/phone/verify", ["code": "123456"], [.anonymous: 401, .guardian: 422, .child: 403, .teen: 422]),
        row(.DELETE, "/api/v1/me/phone", [.anonymous: 401, .guardian: 204, .child: 403, .teen: 204]),
        // The link in a service notice: no sign-in, and a token nobody was sent is not found.
        row(.POST, "/api/v1/notices/unsubscribe", ["token": "{random}"], [.anonymous: 404, .guardian: 404, .child: 404]),
        row(.GET, "/api/v1/push/key", [.anonymous: 401, .guardian: 200, .child: 200, .teen: 200]),
        row(.GET, "/api/v1/me/push-subscriptions", [.anonymous: 401, .guardian: 200, .child: 200, .teen: 200]),
        row(
            .POST,
            "/api/v1/me/push-subscriptions",
            [
                "endpoint": "https://fcm.googleapis.com/fcm/send/{random}",
                "keys": ["p256dh": PushTests.browserKey, "auth": PushTests.browserAuth],
            ],
            [.anonymous: 401, .guardian: 201, .child: 201, .teen: 201]
        ),
        row(.DELETE, "/api/v1/me/push-subscriptions/{myPush}", [.anonymous: 401, .guardian: 204, .child: 204, .teen: 204]),
        row(.DELETE, "/api/v1/me/push-subscriptions/{strangerPush}", [.guardian: 404, .teen: 404]),
        row(.GET, "/api/v1/me/child-mode", [.anonymous: 401, .guardian: 200, .child: 200]),
        row(.PUT, "/api/v1/me/child-mode-pin", ["pin": "12", "password": pw], [.guardian: 422]),
        row(.PUT, "/api/v1/me/child-mode-pin", ["pin": "1357", "password": "not it at all"], [.planner: 422]),
        row(.POST, "/api/v1/me/child-mode", ["userId": "{child}"], [.freshGuardian: 409]),
        row(
            .POST,
            "/api/v1/me/child-mode",
            ["userId": "{childWithPin}"],
            [.anonymous: 401, .freshGuardian: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/me/child-mode-pin",
            ["pin": "1357", "password": pw],
            [.anonymous: 401, .spareAdult: 204, .child: 403]
        ),
        row(.POST, "/api/v1/me/child-mode/unlock", ["pin": "0000"], [.anonymous: 401, .guardian: 200, .child: 200]),
        // Users
        row(.GET, "/api/v1/users", [.anonymous: 401, .guardian: 200, .stranger: 200, .child: 403]),
        row(.POST, "/api/v1/users", ["name": "Bo", "app": "me"], [.anonymous: 401, .guardian: 201, .child: 403]),
        row(
            .GET,
            "/api/v1/users/{child}",
            [
                .anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .teen: 404, .stranger: 404,
                .schoolAdmin: 404, .schoolStaff: 404,
            ]
        ),
        row(.GET, "/api/v1/users/{teen}", [.teen: 200, .guardian: 200, .child: 404, .viewer: 404]),
        row(.GET, "/api/v1/users/{random}", [.guardian: 404]),
        row(
            .PATCH,
            "/api/v1/users/{child}",
            ["name": "Ida"],
            [.anonymous: 401, .guardian: 200, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.PATCH, "/api/v1/users/{teen}", ["name": "Tove"], [.teen: 200, .planner: 403]),
        // Planners
        row(
            .GET,
            "/api/v1/users/{child}/planners",
            [
                .anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 403, .stranger: 404,
                .schoolStaff: 404,
            ]
        ),
        row(.GET, "/api/v1/users/{teen}/planners", [.teen: 200]),
        row(
            .PATCH,
            "/api/v1/users/{child}/planners/{viewer}",
            ["role": "viewer"],
            [.anonymous: 401, .guardian: 200, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.PATCH, "/api/v1/users/{child}/planners/{guardian}", ["role": "planner"], [.guardian: 409]),
        row(
            .DELETE,
            "/api/v1/users/{child}/planners/{spare}",
            [.anonymous: 401, .guardian: 204, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.DELETE, "/api/v1/users/{child}/planners/{guardian}", [.guardian: 409]),
        row(.DELETE, "/api/v1/users/{child}/planners/{me}", [.sparePlanner: 204]),
        row(.DELETE, "/api/v1/users/{teen}/planners/{spareOfTeen}", [.teen: 204, .planner: 403]),
        row(
            .GET,
            "/api/v1/users/{child}/invitations",
            [.anonymous: 401, .guardian: 200, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/invitations",
            ["email": "{newEmail}", "role": "planner"],
            [.anonymous: 401, .guardian: 201, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{teen}/invitations", ["email": "{newEmail}", "role": "viewer"], [.teen: 201]),
        row(
            .DELETE,
            "/api/v1/users/{child}/invitations/{invitation}",
            [.anonymous: 401, .guardian: 204, .planner: 403, .child: 403, .stranger: 404]
        ),
        // Invitations, from the invited side
        row(.GET, "/api/v1/invitations/{inviteToken}", [.anonymous: 401, .stranger: 200, .child: 403]),
        row(.GET, "/api/v1/invitations/not-a-token", [.stranger: 400]),
        row(
            .POST,
            "/api/v1/invitations/{inviteToken}/accept",
            [.anonymous: 401, .spareAdult: 200, .child: 403, .guardian: 409]
        ),
        row(.POST, "/api/v1/invitations/{elsewhereInviteToken}/accept", [.spareAdult: 403, .guardian: 403]),
        row(.POST, "/api/v1/invitations/{inviteToken}/decline", [.anonymous: 401, .spareAdult: 204, .child: 403]),
        row(.POST, "/api/v1/invitations/{elsewhereInviteToken}/decline", [.spareAdult: 403]),
        // A young person's own sign-in: the guardian's decision.
        row(
            .PUT,
            "/api/v1/users/{spareChild}/login",
            ["username": "spare.one", "password": pw],
            [.anonymous: 401, .guardian: 200, .planner: 403, .viewer: 404, .child: 404, .stranger: 404]
        ),
        row(.PUT, "/api/v1/users/{teen}/login", ["username": "tove", "password": pw], [.guardian: 409, .teen: 403]),
        row(
            .POST,
            "/api/v1/users/{spareChild}/sign-in-codes",
            [.anonymous: 401, .guardian: 201, .planner: 403, .viewer: 404, .child: 404, .stranger: 404]
        ),
        row(.POST, "/api/v1/auth/setup-login", ["token": "nope", "password": pw], [.anonymous: 400]),
        // Pairing and devices
        row(
            .POST,
            "/api/v1/users/{child}/pairing-codes",
            [.anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .GET,
            "/api/v1/users/{child}/devices",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/users/{child}/devices/{device}",
            [.anonymous: 401, .guardian: 204, .planner: 204, .viewer: 403, .child: 403, .stranger: 404]
        ),
        // Institutions
        row(.GET, "/api/v1/institutions", [.anonymous: 401, .schoolAdmin: 200, .guardian: 200, .child: 403]),
        row(.POST, "/api/v1/institutions", ["name": "Børnehuset"], [.anonymous: 401, .guardian: 201, .child: 403]),
        row(
            .GET,
            "/api/v1/institutions/{school}",
            [.anonymous: 401, .schoolAdmin: 200, .schoolStaff: 200, .guardian: 404, .child: 403]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/departments",
            ["name": "Blå stue"],
            [.anonymous: 401, .schoolAdmin: 201, .schoolStaff: 403, .guardian: 404]
        ),
        row(
            .GET,
            "/api/v1/institutions/{school}/staff",
            [.anonymous: 401, .schoolAdmin: 200, .schoolStaff: 200, .guardian: 404]
        ),
        row(
            .DELETE,
            "/api/v1/institutions/{school}/staff/{staffSpare}",
            [.anonymous: 401, .schoolAdmin: 204, .schoolStaff: 403, .guardian: 404]
        ),
        row(.DELETE, "/api/v1/institutions/{school}/staff/{schoolAdmin}", [.schoolAdmin: 409]),
        // Enrolment: staff name a pupil and invite the guardians; a guardian answers from the mail.
        row(
            .GET,
            "/api/v1/institutions/{school}/enrolments",
            [.anonymous: 401, .schoolAdmin: 200, .schoolStaff: 200, .guardian: 404, .child: 403]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/enrolments",
            ["name": "Emil", "guardianEmails": ["parent@example.org"]],
            [.anonymous: 401, .schoolStaff: 201, .schoolAdmin: 201, .guardian: 404, .child: 403]
        ),
        row(
            .DELETE,
            "/api/v1/institutions/{school}/enrolments/{enrolment}",
            [.anonymous: 401, .schoolStaff: 204, .schoolAdmin: 204, .staffGuardian: 403, .guardian: 404]
        ),
        row(.GET, "/api/v1/enrolment-invitations/{enrolToken}", [.anonymous: 401, .guardian: 200, .stranger: 200]),
        row(.GET, "/api/v1/enrolment-invitations/nope", [.guardian: 400]),
        row(
            .POST,
            "/api/v1/enrolment-invitations/{enrolToken}/accept",
            ["staffRole": "planner", "policyVersion": PrivacyPolicy.current.version],
            [.anonymous: 401, .guardian: 200, .child: 403]
        ),
        row(
            .POST,
            "/api/v1/enrolment-invitations/{elsewhereEnrolToken}/accept",
            ["staffRole": "planner", "policyVersion": PrivacyPolicy.current.version],
            [.guardian: 403]
        ),
        row(.POST, "/api/v1/enrolment-invitations/{enrolToken}/decline", [.anonymous: 401, .guardian: 204]),
        row(
            .GET,
            "/api/v1/users/{child}/institutions",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .stranger: 404, .child: 403]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/staff-invitations",
            ["email": "{newEmail}", "role": "staff"],
            [.anonymous: 401, .schoolAdmin: 201, .schoolStaff: 403, .guardian: 404]
        ),
        row(.POST, "/api/v1/staff-invitations/{staffToken}/accept", [.anonymous: 401, .spareAdult: 200, .child: 403]),
        row(.POST, "/api/v1/staff-invitations/not-a-token/accept", [.spareAdult: 400]),
        row(
            .GET,
            "/api/v1/institutions/{school}/users",
            [.anonymous: 401, .schoolAdmin: 200, .schoolStaff: 200, .guardian: 404]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/users",
            ["userId": "{child}"],
            [.anonymous: 401, .staffGuardian: 201, .schoolStaff: 422, .guardian: 404]
        ),
        row(
            .DELETE,
            "/api/v1/institutions/{school}/users/{served}",
            [.anonymous: 401, .schoolStaff: 403, .stranger: 404, .guardian: 204, .schoolAdmin: 204]
        ),
        // Privacy
        row(.GET, "/api/v1/privacy/policy", [.anonymous: 200]),
        row(
            .GET,
            "/api/v1/users/{child}/privacy",
            [.anonymous: 401, .guardian: 200, .planner: 403, .viewer: 403, .child: 403, .stranger: 404, .teen: 404]
        ),
        row(.GET, "/api/v1/users/{teen}/privacy", [.teen: 200, .guardian: 403, .planner: 403]),
        row(
            .GET,
            "/api/v1/users/{child}/access-log",
            [.anonymous: 401, .guardian: 200, .planner: 403, .child: 403, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{teen}/access-log", [.teen: 200, .guardian: 403]),
        row(.GET, "/api/v1/users/{child}/consents", [.anonymous: 401, .guardian: 200, .planner: 403, .stranger: 404]),
        row(
            .POST,
            "/api/v1/users/{child}/consents",
            ["policyVersion": PrivacyPolicy.current.version],
            [.anonymous: 401, .guardian: 201, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{teen}/consents", ["policyVersion": PrivacyPolicy.current.version], [.teen: 201, .guardian: 403]),
        row(.DELETE, "/api/v1/users/{spareChild}/consents", [.guardian: 200]),
        row(.DELETE, "/api/v1/users/{child}/consents", [.anonymous: 401, .planner: 403, .child: 403, .stranger: 404]),
        row(.POST, "/api/v1/users/{spareChild}/restriction", [.guardian: 200]),
        row(.POST, "/api/v1/users/{child}/restriction", [.anonymous: 401, .planner: 403, .child: 403, .stranger: 404]),
        row(
            .DELETE,
            "/api/v1/users/{child}/restriction",
            [.anonymous: 401, .guardian: 200, .planner: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/users/{child}/processing",
            ["productNews": false],
            [.anonymous: 401, .guardian: 200, .planner: 403, .child: 403, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{spareChild}/deletion", [.guardian: 200]),
        row(
            .POST,
            "/api/v1/users/{child}/deletion",
            [.anonymous: 401, .planner: 403, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.DELETE, "/api/v1/users/{child}/deletion", [.anonymous: 401, .guardian: 200, .planner: 403]),
        row(.POST, "/api/v1/me/deletion", [.anonymous: 401, .spareAdult: 200, .child: 403]),
        row(.DELETE, "/api/v1/me/deletion", [.anonymous: 401, .guardian: 200, .child: 403]),
        // Insight and export
        row(.POST, "/api/v1/me/export", [.anonymous: 401, .guardian: 202, .child: 403]),
        row(.GET, "/api/v1/me/exports/{myExport}", [.anonymous: 401, .guardian: 200, .teen: 200]),
        row(.GET, "/api/v1/me/exports/{guardianExport}", [.stranger: 404, .planner: 404]),
        row(.GET, "/api/v1/me/exports/{readyExport}/download", [.anonymous: 401, .guardian: 200]),
        row(.GET, "/api/v1/me/exports/{myExport}/download", [.guardian: 409]),
        row(.GET, "/api/v1/me/exports/{guardianExport}/download", [.stranger: 404]),
        row(
            .POST,
            "/api/v1/users/{child}/exports",
            [.anonymous: 401, .guardian: 202, .planner: 403, .child: 403, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{child}/exports", [.anonymous: 401, .guardian: 200, .planner: 403, .stranger: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/exports/{childExport}",
            [.anonymous: 401, .guardian: 200, .planner: 403, .stranger: 404]
        ),
        row(
            .GET,
            "/api/v1/users/{child}/exports/{childExport}/download",
            [.anonymous: 401, .guardian: 409, .planner: 403, .stranger: 404]
        ),
        row(
            .GET,
            "/api/v1/users/{child}/data/profile",
            [.anonymous: 401, .guardian: 200, .planner: 403, .child: 403, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{teen}/data/access-log", [.teen: 200, .guardian: 403]),
        row(.GET, "/api/v1/users/{child}/data/nonsense", [.guardian: 404]),
        row(
            .PUT,
            "/api/v1/me/email",
            ["email": "{newEmail}", "password": pw],
            [.anonymous: 401, .spareAdult: 202, .child: 403]
        ),
        row(.PUT, "/api/v1/me/email", ["email": "{newEmail}", "password": "not my password"], [.guardian: 422]),
        // Pictures
        row(
            .POST,
            "/api/v1/users/{child}/pictures",
            ["not": "multipart"],
            [.anonymous: 401, .guardian: 415, .planner: 415, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{teen}/pictures", ["not": "multipart"], [.teen: 415, .viewer: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/pictures",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .stranger: 404]
        ),
        row(
            .GET,
            "/api/v1/pictures/{childPicture}",
            [
                .anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .stranger: 404, .teen: 404,
                .schoolAdmin: 404,
            ]
        ),
        row(.GET, "/api/v1/pictures/{random}", [.guardian: 404]),
        row(
            .GET,
            "/api/v1/pictures/{childPicture}/info",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .stranger: 404, .teen: 404]
        ),
        // Uploads the guard held: their uploader's alone.
        row(
            .GET,
            "/api/v1/picture-holds/{childHold}",
            [.anonymous: 401, .guardian: 200, .planner: 404, .viewer: 404, .child: 404, .stranger: 404]
        ),
        row(.GET, "/api/v1/picture-holds/{childHold}/picture", [.anonymous: 401, .guardian: 200, .planner: 404, .child: 404]),
        row(.GET, "/api/v1/picture-holds/{random}", [.guardian: 404]),
        row(.POST, "/api/v1/picture-holds/{childHold}/keep", [:], [.anonymous: 401, .guardian: 201, .planner: 404, .child: 404]),
        row(.POST, "/api/v1/picture-holds/{childHold}/blur", [:], [.anonymous: 401, .guardian: 201, .planner: 404, .stranger: 404]),
        row(
            .POST,
            "/api/v1/picture-holds/{childHold}/crop",
            ["x": 0, "y": 0, "width": 32, "height": 32],
            [.anonymous: 401, .guardian: 201, .planner: 404, .viewer: 404]
        ),
        row(.DELETE, "/api/v1/picture-holds/{childHold}", [.anonymous: 401, .guardian: 204, .planner: 404, .stranger: 404]),
        // Pictures from the Internet: a person's own session; off on this server (the searches
        // themselves are in PictureSearchTests).
        row(.GET, "/api/v1/picture-search/status", [.anonymous: 401, .guardian: 200, .teen: 200, .child: 403]),
        row(.GET, "/api/v1/picture-search?q=madpakke", [.anonymous: 401, .guardian: 404, .teen: 404, .child: 403]),
        row(.GET, "/api/v1/picture-search", [.guardian: 404]),
        row(.GET, "/api/v1/picture-search/openverse/{random}/thumb", [.anonymous: 401, .guardian: 404, .child: 403]),
        row(
            .POST,
            "/api/v1/users/{child}/pictures/from-search",
            ["provider": "openverse", "id": "{random}"],
            [.anonymous: 401, .guardian: 404, .planner: 404, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/pictures/{childPicture}",
            [.anonymous: 401, .guardian: 204, .planner: 204, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/avatar",
            ["pictureId": "{childPicture}"],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.PUT, "/api/v1/users/{teen}/avatar", ["pictogramId": "{archivePictogram}"], [.teen: 200, .child: 404]),
        row(
            .DELETE,
            "/api/v1/users/{child}/avatar",
            [.anonymous: 401, .guardian: 204, .planner: 204, .viewer: 403, .child: 403, .stranger: 404]
        ),
        // Plans: in the Me app planners (not viewers) plan and the child ticks off; in PlaNet the
        // user plans and planners change only what they added.
        row(
            .POST,
            "/api/v1/users/{child}/activities",
            ["title": "Breakfast", "start": "2026-12-01T07:00"],
            [
                .anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404,
                .schoolAdmin: 404,
            ]
        ),
        row(
            .POST,
            "/api/v1/users/{teen}/activities",
            ["title": "Football", "start": "2026-12-01T16:00"],
            [.teen: 201, .planner: 201, .viewer: 404]
        ),
        row(.POST, "/api/v1/users/{child}/activities", ["title": "No start"], [.guardian: 422]),
        row(
            .GET,
            "/api/v1/users/{child}/activities/{childActivity}",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .teen: 404, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{child}/activities/{random}", [.guardian: 404]),
        row(
            .PATCH,
            "/api/v1/users/{child}/activities/{childActivity}",
            ["title": "Brush your teeth"],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/users/{teen}/activities/{teenActivityByPlanner}",
            ["title": "Homework"],
            [.planner: 200, .teen: 403, .guardian: 403]
        ),
        row(
            .DELETE,
            "/api/v1/users/{child}/activities/{childActivity}",
            [.anonymous: 401, .viewer: 403, .child: 403, .stranger: 404, .guardian: 204]
        ),
        row(
            .GET,
            "/api/v1/users/{child}/plan?from=2026-12-01&to=2026-12-07",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .teen: 404, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{child}/plan?from=2026-12-01&to=2027-03-01", [.guardian: 422]),
        row(.GET, "/api/v1/users/{child}/plan", [.anonymous: 401, .guardian: 422, .stranger: 404]),
        row(
            .PUT,
            "/api/v1/users/{child}/activities/{childActivity}/occurrences/2026-12-02T07:30/state",
            ["state": "done"],
            [.anonymous: 401, .child: 200, .planner: 200, .guardian: 200, .viewer: 403, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/activities/{childActivity}/occurrences/2026-12-02T07:30/state",
            ["state": "cancelled"],
            [.child: 403, .guardian: 200]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/activities/{childActivity}/occurrences/2026-12-02T08:30/state",
            ["state": "done"],
            [.guardian: 404]
        ),
        // Calendar feeds: everyone who reads the plan makes and revokes their own; the feed answers
        // to its token alone, for the user it was made for.
        row(
            .POST,
            "/api/v1/users/{child}/calendar-feeds",
            [
                .anonymous: 401, .guardian: 201, .planner: 201, .viewer: 201, .child: 403, .teen: 404, .stranger: 404,
                .schoolAdmin: 404,
            ]
        ),
        row(.POST, "/api/v1/users/{teen}/calendar-feeds", [.teen: 201, .child: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/calendar-feeds",
            [.anonymous: 401, .guardian: 200, .viewer: 200, .child: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/users/{child}/calendar-feeds/{myFeed}",
            [.anonymous: 401, .guardian: 204, .planner: 204, .viewer: 204, .child: 403, .stranger: 404]
        ),
        row(.DELETE, "/api/v1/users/{child}/calendar-feeds/{guardianFeed}", [.planner: 404, .viewer: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/calendar.ics?token={guardianFeedToken}",
            [.anonymous: 200, .stranger: 200, .child: 200]
        ),
        row(.GET, "/api/v1/users/{child}/calendar.ics?token=not-a-token", [.anonymous: 404, .guardian: 404]),
        row(.GET, "/api/v1/users/{child}/calendar.ics", [.anonymous: 404]),
        row(.GET, "/api/v1/users/{teen}/calendar.ics?token={guardianFeedToken}", [.anonymous: 404]),
        // Routines and copies: read with the plan, made and placed by those who plan.
        row(
            .GET,
            "/api/v1/users/{child}/routines",
            [.anonymous: 401, .guardian: 200, .viewer: 200, .child: 200, .stranger: 404, .teen: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/routines",
            ["name": "Morning", "from": "{childDay}"],
            [.anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{teen}/routines", ["name": "Football day", "from": "{teenDay}"], [.teen: 201]),
        row(.POST, "/api/v1/users/{child}/routines", ["name": "Empty", "from": "2020-01-01"], [.guardian: 422]),
        row(
            .GET,
            "/api/v1/users/{child}/routines/{childRoutine}",
            [.anonymous: 401, .guardian: 200, .viewer: 200, .child: 200, .stranger: 404, .teen: 404]
        ),
        row(.GET, "/api/v1/users/{child}/routines/{random}", [.guardian: 404]),
        row(
            .PATCH,
            "/api/v1/users/{child}/routines/{childRoutine}",
            ["name": "Mornings"],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/users/{child}/routines/{childRoutine}",
            [.anonymous: 401, .viewer: 403, .child: 403, .stranger: 404, .guardian: 204]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/routines/{childRoutine}/apply",
            ["dates": ["2026-12-10"], "onClash": "add"],
            [.anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/routines/{childRoutine}/apply",
            ["dates": ["2026-12-11"], "targetUserId": "{teen}", "onClash": "add"],
            [.planner: 201, .viewer: 404]
        ),
        row(.POST, "/api/v1/users/{child}/routines/{childRoutine}/apply", ["dates": [String]()], [.guardian: 422]),
        row(
            .POST,
            "/api/v1/users/{child}/plan/copy",
            ["from": "{childDay}", "dates": ["2026-12-20"], "onClash": "add"],
            [.anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/plan/copy",
            ["from": "2026-12-01", "to": "2026-12-31", "dates": ["2027-01-01"]],
            [.guardian: 422]
        ),
        // The live channel: signed in, as a WebSocket (a plain GET is told to upgrade).
        row(.GET, "/api/v1/realtime", [.anonymous: 401, .guardian: 426, .child: 426, .stranger: 426]),
        // Pictograms: the archive for everyone signed in; an institution's collection for its
        // staff, the users it serves and their planners; own names are the user's data.
        row(.GET, "/api/v1/pictograms", [.anonymous: 401, .guardian: 200, .child: 200, .stranger: 200]),
        row(.GET, "/api/v1/pictograms?q=test&userId={child}", [.guardian: 200, .viewer: 200, .stranger: 404]),
        row(.GET, "/api/v1/pictograms?lang=xx", [.guardian: 422]),
        row(.GET, "/api/v1/pictograms/{archivePictogram}", [.anonymous: 401, .stranger: 200, .child: 200]),
        row(
            .GET,
            "/api/v1/pictograms/{schoolPictogram}",
            [
                .anonymous: 401, .schoolStaff: 200, .schoolAdmin: 200, .guardian: 200, .viewer: 200, .child: 200,
                .teen: 404, .stranger: 404,
            ]
        ),
        row(.GET, "/api/v1/pictograms/{archivePictogram}/image", [.anonymous: 401, .stranger: 200, .child: 200]),
        row(
            .GET,
            "/api/v1/pictograms/{schoolPictogram}/image",
            [.anonymous: 401, .schoolStaff: 200, .planner: 200, .child: 200, .stranger: 404, .teen: 404]
        ),
        row(.GET, "/api/v1/pictograms/{random}/image", [.guardian: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/pictogram-names",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .stranger: 404, .teen: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/pictograms/{archivePictogram}/name",
            ["name": "Tandbørsten"],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.PUT, "/api/v1/users/{teen}/pictograms/{archivePictogram}/name", ["name": "Mine"], [.teen: 200]),
        row(.PUT, "/api/v1/users/{teen}/pictograms/{schoolPictogram}/name", ["name": "Mine"], [.teen: 404]),
        row(.PUT, "/api/v1/users/{child}/pictograms/{archivePictogram}/name", ["name": ""], [.guardian: 422]),
        row(
            .DELETE,
            "/api/v1/users/{child}/pictograms/{archivePictogram}/name",
            [.anonymous: 401, .guardian: 404, .viewer: 403, .stranger: 404]
        ),
        row(
            .GET,
            "/api/v1/institutions/{school}/pictogram-collections",
            [.anonymous: 401, .schoolAdmin: 200, .schoolStaff: 200, .guardian: 404, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/pictogram-collections",
            ["name": "Gym"],
            [.anonymous: 401, .schoolAdmin: 201, .schoolStaff: 403, .guardian: 404]
        ),
        row(
            .DELETE,
            "/api/v1/institutions/{school}/pictogram-collections/{schoolCollection}",
            [.anonymous: 401, .schoolStaff: 403, .guardian: 404, .schoolAdmin: 204]
        ),
        row(
            .POST,
            "/api/v1/institutions/{school}/pictogram-collections/{schoolCollection}/pictograms",
            ["not": "multipart"],
            [.anonymous: 401, .schoolAdmin: 415, .schoolStaff: 403, .guardian: 404]
        ),
        row(
            .DELETE,
            "/api/v1/institutions/{school}/pictogram-collections/{schoolCollection}/pictograms/{schoolPictogram}",
            [.anonymous: 401, .schoolStaff: 403, .guardian: 404, .schoolAdmin: 404]
        ),
        // Goals: in PlaNet the young person's own; in Me the planners'; viewers read.
        row(
            .GET,
            "/api/v1/users/{teen}/goals",
            [.anonymous: 401, .teen: 200, .guardian: 200, .planner: 200, .viewer: 404, .stranger: 404, .child: 404]
        ),
        row(.GET, "/api/v1/users/{child}/goals", [.child: 200, .viewer: 200, .freshDevice: 200, .stranger: 404]),
        row(
            .POST,
            "/api/v1/users/{teen}/goals",
            ["title": "Pack my bag", "measure": "count", "target": 4],
            [.anonymous: 401, .teen: 201, .guardian: 201, .planner: 201, .stranger: 404, .viewer: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/goals",
            ["title": "Brush teeth", "measure": "count", "target": 2, "period": "day"],
            [.guardian: 201, .planner: 201, .viewer: 403, .child: 403]
        ),
        row(
            .GET,
            "/api/v1/users/{teen}/goals/overview",
            [.anonymous: 401, .teen: 200, .planner: 200, .guardian: 200, .stranger: 404]
        ),
        row(.GET, "/api/v1/users/{child}/goals/overview", [.viewer: 200, .child: 200]),
        row(
            .GET,
            "/api/v1/users/{teen}/goals/{teenGoal}",
            [.anonymous: 401, .teen: 200, .guardian: 200, .planner: 200, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/users/{teen}/goals/{teenGoal}",
            ["title": "Pack my bag myself"],
            [.anonymous: 401, .teen: 200, .guardian: 403, .planner: 403, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/users/{child}/goals/{childGoal}",
            ["target": 3],
            [.guardian: 200, .planner: 200, .viewer: 403, .child: 403, .teen: 404]
        ),
        row(.DELETE, "/api/v1/users/{teen}/goals/{teenGoal}", [.anonymous: 401, .planner: 403, .stranger: 404, .teen: 204]),
        row(.DELETE, "/api/v1/users/{child}/goals/{childGoal}", [.viewer: 403, .child: 403, .planner: 204]),
        row(
            .PUT,
            "/api/v1/users/{teen}/goals/{teenGoal}/steps/{goalStep}",
            ["reached": true],
            [.anonymous: 401, .teen: 200, .planner: 200, .guardian: 200, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/goals/{childGoal}/steps/{goalStep}",
            ["reached": true],
            [.child: 200, .viewer: 403]
        ),
        row(
            .GET,
            "/api/v1/users/{teen}/goals/{teenGoal}/progress",
            [.anonymous: 401, .teen: 200, .planner: 200, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{teen}/goals/{teenGoal}/progress",
            ["kind": "tick"],
            [.anonymous: 401, .teen: 201, .guardian: 201, .planner: 201, .stranger: 404]
        ),
        row(.POST, "/api/v1/users/{child}/goals/{childGoal}/progress", ["kind": "tick"], [.child: 201, .viewer: 403]),
        row(
            .DELETE,
            "/api/v1/users/{teen}/goals/{teenGoal}/progress/{goalEntry}",
            [.anonymous: 401, .planner: 403, .stranger: 404, .teen: 204]
        ),
        row(.DELETE, "/api/v1/users/{child}/goals/{childGoal}/progress/{goalEntry}", [.child: 403, .guardian: 204]),
        // Rewards: planners switch them on and set them up; the user wishes; planners answer; viewers read.
        row(
            .GET,
            "/api/v1/users/{child}/rewards",
            [
                .anonymous: 401, .child: 200, .freshDevice: 200, .guardian: 200, .planner: 200, .viewer: 200, .stranger: 404,
                .teen: 404,
            ]
        ),
        row(.GET, "/api/v1/users/{teen}/rewards", [.teen: 200, .planner: 200, .guardian: 200, .child: 404]),
        row(
            .GET,
            "/api/v1/users/{child}/reminder-settings",
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 200, .child: 200, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/reminder-settings",
            ["sound": true, "speech": false, "atStart": true, "perHour": 6],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{teen}/reminder-settings",
            ["sound": true, "speech": true, "atStart": true, "perHour": 6],
            [.teen: 200, .planner: 200]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/rewards/settings",
            ["enabled": true],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(.PUT, "/api/v1/users/{teen}/rewards/settings", ["enabled": true], [.teen: 403, .planner: 200]),
        row(
            .POST,
            "/api/v1/users/{child}/rewards",
            ["title": "Cinema", "cost": 10],
            [.anonymous: 401, .guardian: 201, .planner: 201, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/users/{child}/rewards/{childReward}",
            ["cost": 4],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/users/{child}/rewards/{childReward}",
            [.anonymous: 401, .guardian: 204, .viewer: 403, .child: 403, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/users/{child}/rewards/{childReward}/redemptions",
            ["clientKey": "{newKey}"],
            [.anonymous: 401, .child: 201, .freshDevice: 201, .guardian: 403, .viewer: 403, .stranger: 404, .teen: 404]
        ),
        row(
            .PUT,
            "/api/v1/users/{child}/redemptions/{childWish}",
            ["decision": "confirmed"],
            [.anonymous: 401, .guardian: 200, .planner: 200, .viewer: 403, .child: 403, .stranger: 404]
        ),
        // Chat: the circle's conversation and the direct ones of two of its members.
        row(
            .GET,
            "/api/v1/users/{teen}/conversations",
            [
                .anonymous: 401, .teen: 200, .guardian: 200, .planner: 200, .viewer: 404, .stranger: 404, .child: 404,
                .schoolStaff: 404,
            ]
        ),
        row(.GET, "/api/v1/users/{child}/conversations", [.child: 200, .viewer: 200, .freshDevice: 200]),
        row(
            .POST,
            "/api/v1/users/{teen}/conversations",
            ["withUserId": "{spareOfTeen}"],
            [.anonymous: 401, .teen: 201, .guardian: 201, .planner: 201, .stranger: 404, .viewer: 404]
        ),
        row(.POST, "/api/v1/users/{teen}/conversations", ["withUserId": "{teen}"], [.teen: 422]),
        row(
            .GET,
            "/api/v1/conversations/{teenCircle}",
            [.anonymous: 401, .teen: 200, .guardian: 200, .planner: 200, .stranger: 404, .viewer: 404, .child: 404]
        ),
        row(.GET, "/api/v1/conversations/{teenDirect}", [.teen: 200, .planner: 200, .guardian: 404, .stranger: 404]),
        row(
            .PATCH,
            "/api/v1/conversations/{teenCircle}",
            ["sharesHistory": true],
            [.anonymous: 401, .teen: 200, .guardian: 403, .planner: 403, .stranger: 404]
        ),
        row(
            .PATCH,
            "/api/v1/conversations/{childCircle}",
            ["viewersMayWrite": false],
            [.guardian: 200, .planner: 403, .viewer: 403, .child: 403, .teen: 404]
        ),
        row(.PATCH, "/api/v1/conversations/{teenDirect}", ["sharesHistory": true], [.teen: 409]),
        row(
            .GET,
            "/api/v1/conversations/{teenCircle}/messages",
            [.anonymous: 401, .teen: 200, .guardian: 200, .planner: 200, .stranger: 404, .viewer: 404]
        ),
        row(.GET, "/api/v1/conversations/{teenDirect}/messages", [.planner: 200, .guardian: 404]),
        row(
            .POST,
            "/api/v1/conversations/{teenCircle}/messages",
            ["clientKey": "{random}", "text": "Can we move football to Thursday?"],
            [.anonymous: 401, .teen: 201, .guardian: 201, .planner: 201, .stranger: 404, .viewer: 404]
        ),
        row(
            .POST,
            "/api/v1/conversations/{childCircle}/messages",
            ["clientKey": "{random}", "text": "Hej"],
            [.child: 201, .viewer: 403, .freshDevice: 201]
        ),
        row(
            .PATCH,
            "/api/v1/conversations/{teenCircle}/messages/{teenMessage}",
            ["text": "Can we move football to Friday?"],
            [.anonymous: 401, .teen: 200, .guardian: 403, .planner: 403, .stranger: 404]
        ),
        row(
            .DELETE,
            "/api/v1/conversations/{teenCircle}/messages/{teenMessage}",
            [.anonymous: 401, .planner: 403, .stranger: 404, .teen: 204]
        ),
        row(
            .PUT,
            "/api/v1/conversations/{teenCircle}/read",
            ["seq": 0],
            [.anonymous: 401, .teen: 200, .planner: 200, .guardian: 200, .stranger: 404]
        ),
        row(
            .POST,
            "/api/v1/conversations/{teenCircle}/pictures",
            ["not": "multipart"],
            [.anonymous: 401, .teen: 415, .stranger: 404]
        ),
        row(.POST, "/api/v1/conversations/{childCircle}/pictures", ["not": "multipart"], [.viewer: 403]),
        // A picture added to a conversation: seen by the one who added it until it is sent.
        row(.GET, "/api/v1/pictures/{teenChatPicture}", [.teen: 200, .planner: 404, .guardian: 404, .stranger: 404]),
        row(.DELETE, "/api/v1/pictures/{teenChatPicture}", [.planner: 403, .stranger: 404, .teen: 204]),
    ]

    @Test func everyRouteHasARow() async throws {
        try await withApp { context in
            let missing = context.app.routes.all.filter { route in
                !Self.rows.contains { $0.method == route.method && Self.matches($0.path, route.path) }
            }
            #expect(missing.isEmpty, "routes with no row: \(missing.map { "\($0.method) \($0.path.string)" })")
            let patterns = context.app.routes.all.map { "\($0.method) \($0.path.string)" }
            #expect(Set(patterns).count == patterns.count, "a route is registered twice")
        }
    }

    @Test func everyRowAnswersAsExpected() async throws {
        try await withApp { context in
            let fixtures = try await Fixtures.make(context)
            let targets = MatrixTargets(context: context, fixtures: fixtures)
            for row in Self.rows {
                for (actor, expected) in row.expected {
                    let caller = try await targets.token(for: actor)
                    let path = try await targets.resolve(row.path, actorID: caller.id)
                    var body: [String: any Sendable]?
                    if let template = row.body {
                        var resolved: [String: any Sendable] = [:]
                        for (key, value) in template {
                            if let text = value as? String {
                                resolved[key] = try await targets.resolve(text, actorID: caller.id)
                            } else {
                                resolved[key] = value
                            }
                        }
                        body = resolved
                    }
                    let reply = try await context.client.send(row.method, path, token: caller.token, json: body)
                    #expect(
                        reply.status.code == expected,
                        "\(row.method) \(row.path) as \(actor): \(reply.status.code), expected \(expected)"
                    )
                    if reply.status.code >= 400 { #expect(reply.isProblem, "\(row.method) \(row.path) as \(actor)") }
                }
            }
        }
    }

    /// A row's path matches a route when every constant segment is equal and each placeholder
    /// stands where the route has a parameter.
    static func matches(_ template: String, _ route: [PathComponent]) -> Bool {
        let segments = template.split(separator: "/").map(String.init)
        guard segments.count == route.count else { return false }
        return zip(segments, route).allSatisfy { segment, component in
            switch component {
            case .constant(let value): value == segment
            case .parameter: true
            default: false
            }
        }
    }
}
