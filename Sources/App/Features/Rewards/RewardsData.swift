import Fluent
import Foundation
import MobilizeCore

/// The personal data of rewards: a person's stars (and what earned them), their rewards and
/// wishes; the rewards they set up for others, and the wishes of others they answered.
enum RewardsData {
    static let declarations = [
        PersonalDataDeclaration(
            table: RewardRedemption.schema,
            category: .rewards,
            columns: [("user_id", .deleteRow), ("asked_by", .setNull), ("decided_by", .setNull)],
            retention: "with the account"
        ),
        PersonalDataDeclaration(
            table: Reward.schema,
            category: .rewards,
            columns: [("user_id", .deleteRow), ("created_by", .setNull)],
            retention: "until a planner removes it, or with the account"
        ),
        PersonalDataDeclaration(
            table: StarEntry.schema,
            category: .rewards,
            columns: [("user_id", .deleteRow)],
            retention: "with the account"
        ),
        PersonalDataDeclaration(
            table: StarAccount.schema,
            category: .rewards,
            columns: [("user_id", .deleteRow)],
            retention: "with the account"
        ),
    ]

    struct Record: Encodable, Sendable {
        struct Earned: Encodable, Sendable {
            let kind: String
            let stars: Int
            let earnedAt: Date
        }

        struct Item: Encodable, Sendable {
            let title: String
            let cost: Int
            /// Whose reward, when it is someone else's (one the person set up).
            @NullEncoded var forPerson: String?
            @NullEncoded var createdBy: String?
            let createdAt: Date
        }

        struct Wish: Encodable, Sendable {
            let title: String
            let cost: Int
            let status: String
            /// Whose wish, when it is someone else's (one the person answered).
            @NullEncoded var forPerson: String?
            let askedAt: Date
            @NullEncoded var decidedBy: String?
            @NullEncoded var decidedAt: Date?
        }

        /// The person's own stars (none when rewards were never switched on).
        @NullEncoded var enabled: Bool?
        @NullEncoded var stars: Int?
        @NullEncoded var earnedInAll: Int?
        let earned: [Earned]
        let rewards: [Item]
        let wishes: [Wish]
    }

    static let readers: [DataCategory: CategoryReader] = [
        .rewards: { db, id in
            let account = try await StarAccount.query(on: db).filter(\.$user.$id == id).first()
            let earned = try await StarEntry.query(on: db).filter(\.$user.$id == id).sort(\.$earnedAt).all()
            let rewards = try await Reward.query(on: db).group(.or) { $0.filter(\.$user.$id == id).filter(\.$createdBy.$id == id) }
                .with(\.$user).with(\.$createdBy).sort(\.$createdAt).all()
            let wishes = try await RewardRedemption.query(on: db)
                .group(.or) { $0.filter(\.$user.$id == id).filter(\.$decidedBy.$id == id).filter(\.$askedBy.$id == id) }
                .with(\.$user).with(\.$decidedBy).sort(\.$askedAt).all()
            guard account != nil || !rewards.isEmpty || !wishes.isEmpty else { return [Record]() }
            return [
                Record(
                    enabled: account?.enabled,
                    stars: account?.balance,
                    earnedInAll: account?.earned,
                    earned: earned.map { Record.Earned(kind: $0.kind, stars: $0.stars, earnedAt: $0.earnedAt) },
                    rewards: rewards.map {
                        Record.Item(
                            title: $0.title,
                            cost: $0.cost,
                            forPerson: $0.$user.id == id ? nil : $0.user.name,
                            createdBy: $0.createdBy?.name,
                            createdAt: $0.createdAt
                        )
                    },
                    wishes: wishes.map {
                        Record.Wish(
                            title: $0.title,
                            cost: $0.cost,
                            status: $0.status.rawValue,
                            forPerson: $0.$user.id == id ? nil : $0.user.name,
                            askedAt: $0.askedAt,
                            decidedBy: $0.decidedBy?.name,
                            decidedAt: $0.decidedAt
                        )
                    }
                )
            ]
        }
    ]
}
