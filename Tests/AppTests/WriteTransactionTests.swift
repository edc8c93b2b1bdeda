import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

/// Write transactions that arrive together are committed together on SQLite, and each still
/// stands alone: one that fails leaves nothing behind and sees its own error, the others keep
/// everything they wrote.
@Suite struct WriteTransactionTests {
    struct Refused: Error, Equatable {
        let n: Int
    }

    @Test func aStatementRunsStraightOnTheWritersConnectionInsideAWriteTransactionOnly() async throws {
        try await withApp { context in
            let db = context.app.db
            let sql = try #require(db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE direct_probe (n INTEGER NOT NULL)").run()
            #expect(InHand.current == nil)
            let inside = try await db.writeTransaction { db -> (Bool, Int?) in
                let sql = try #require(db as? any SQLDatabase)
                try await sql.direct("INSERT INTO direct_probe (n) VALUES (\(bind: 7))")
                let row = try await sql.direct("SELECT n FROM direct_probe WHERE n = \(bind: 7)").first
                return (InHand.current?.sqlite != nil, try row?.decode(column: "n", as: Int.self))
            }
            #expect(inside.0 == (sql.dialect.name == "sqlite"), "SQLite's writer hands its connection to `direct`")
            #expect(inside.1 == 7)
            // Outside a write transaction the usual way answers the same.
            let outside = try await sql.direct("SELECT count(*) AS c FROM direct_probe").first
            #expect(try outside?.decode(column: "c", as: Int.self) == 1)
        }
    }

    @Test func thirtyAtOnceKeepWhatSucceedsAndDropWhatFails() async throws {
        try await withApp { context in
            let db = context.app.db
            let sql = try #require(db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE write_probe (n INTEGER NOT NULL UNIQUE)").run()
            let answers = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for n in 0..<30 {
                    group.addTask {
                        do {
                            let kept = try await db.writeTransaction { db -> Int in
                                guard let sql = db as? any SQLDatabase else { return -1 }
                                try await sql.raw("INSERT INTO write_probe (n) VALUES (\(bind: n))").run()
                                // A second row, so that a failure after a write has something to take back.
                                try await sql.raw("INSERT INTO write_probe (n) VALUES (\(bind: n + 1000))").run()
                                if n % 3 == 0 { throw Refused(n: n) }
                                return n
                            }
                            return (n, .success(kept))
                        } catch {
                            return (n, .failure(error))
                        }
                    }
                }
                var all: [(Int, Result<Int, any Error>)] = []
                for await answer in group { all.append(answer) }
                return all
            }
            for (n, result) in answers {
                switch result {
                case .success(let kept): #expect(n % 3 != 0 && kept == n)
                case .failure(let error): #expect(n % 3 == 0 && (error as? Refused) == Refused(n: n), "\(n): \(error)")
                }
            }
            let rows = try await sql.raw("SELECT n FROM write_probe ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
            let expected = (0..<30).filter { $0 % 3 != 0 }
            #expect(rows == expected + expected.map { $0 + 1000 })

            // A statement that fails inside a transaction fails that transaction alone.
            let clash = try? await db.writeTransaction { db in
                try await (db as? any SQLDatabase)?.raw("INSERT INTO write_probe (n) VALUES (1)").run()
            }
            #expect(clash == nil)
            try await db.writeTransaction { db in
                try await (db as? any SQLDatabase)?.raw("INSERT INTO write_probe (n) VALUES (5000)").run()
            }
            #expect(try await sql.raw("SELECT COUNT(*) AS c FROM write_probe").first()?.decode(column: "c", as: Int.self) == 41)
        }
    }
}
