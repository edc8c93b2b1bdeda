import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Reads the real database schema: every column that refers to a person (a foreign key to
/// `users`, an email address, or an `address` a message goes to) must be covered by a declaration of the registry, or the
/// table must be exempt with a reason.
@Suite struct PersonalDataRegistryTests {
    struct Reference: Hashable, CustomStringConvertible {
        let table: String
        let column: String
        var description: String { "\(table).\(column)" }
    }

    static func personReferences(on db: any Database) async throws -> Set<Reference> {
        let sql = try #require(db as? any SQLDatabase)
        var references: Set<Reference> = []
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
                .map { try $0.decode(column: "name", as: String.self) }
                .filter { !$0.hasPrefix("sqlite_") }
            for table in tables {
                for key in try await sql.raw("PRAGMA foreign_key_list(\(unsafeRaw: table))").all()
                where try key.decode(column: "table", as: String.self) == User.schema {
                    references.insert(Reference(table: table, column: try key.decode(column: "from", as: String.self)))
                }
                for column in try await sql.raw("PRAGMA table_info(\(unsafeRaw: table))").all() {
                    let name = try column.decode(column: "name", as: String.self)
                    if ["email", "address"].contains(name) || name.hasSuffix("_email") {
                        references.insert(Reference(table: table, column: name))
                    }
                }
            }
        } else {
            let keys = try await sql.raw(
                """
                SELECT c.relname AS t, a.attname AS c FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class r ON r.oid = con.confrelid
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)
                WHERE con.contype = 'f' AND r.relname = 'users' AND r.relnamespace = n.oid
                    AND n.nspname = current_schema()
                """
            ).all()
            for key in keys {
                references.insert(
                    Reference(
                        table: try key.decode(column: "t", as: String.self),
                        column: try key.decode(column: "c", as: String.self)
                    )
                )
            }
            let emails = try await sql.raw(
                """
                SELECT c.relname AS t, a.attname AS c FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                    AND (a.attname IN ('email', 'address') OR a.attname LIKE '%\\_email')
                """
            ).all()
            for column in emails {
                references.insert(
                    Reference(
                        table: try column.decode(column: "t", as: String.self),
                        column: try column.decode(column: "c", as: String.self)
                    )
                )
            }
        }
        return references
    }

    @Test func everyColumnThatRefersToAPersonIsDeclared() async throws {
        try await withApp { context in
            let found = try await Self.personReferences(on: context.app.db)
            #expect(found.count > 10, "the schema was read")
            var declared: Set<Reference> = [Reference(table: User.schema, column: "email")]
            for declaration in Composition.personalData.declarations {
                for (column, _) in declaration.columns {
                    declared.insert(Reference(table: declaration.table, column: column))
                }
                if let email = declaration.emailColumn {
                    declared.insert(Reference(table: declaration.table, column: email))
                }
            }
            let undeclared = found.filter { !declared.contains($0) && PersonalDataRegistry.exemptions[$0.table] == nil }
            #expect(
                undeclared.isEmpty,
                "undeclared references to a person: \(undeclared.sorted { $0.description < $1.description })"
            )
            let stale = declared.filter { !found.contains($0) && $0.column != "id" }
            #expect(stale.isEmpty, "declarations for columns that do not exist: \(stale)")
        }
    }

    /// Erasure and export find a person's rows by these columns; without an index, erasing many
    /// accounts scans every table once per account.
    @Test func everyColumnThatRefersToAPersonIsIndexed() async throws {
        try await withApp { context in
            let sql = try #require(context.app.db as? any SQLDatabase)
            var indexed: Set<Reference> = []
            if sql.dialect.name == "sqlite" {
                for table in Set(Composition.personalData.declarations.map(\.table)) {
                    for index in try await sql.raw("PRAGMA index_list(\(unsafeRaw: table))").all() {
                        let name = try index.decode(column: "name", as: String.self)
                        let first = try await sql.raw("PRAGMA index_info(\(unsafeRaw: name))").all().first
                        if let column = try first?.decode(column: "name", as: String.self) {
                            indexed.insert(Reference(table: table, column: column))
                        }
                    }
                }
            } else {
                let rows = try await sql.raw(
                    """
                    SELECT t.relname AS t, a.attname AS c FROM pg_index i
                    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
                    WHERE n.nspname = current_schema()
                    """
                ).all()
                for row in rows {
                    indexed.insert(
                        Reference(
                            table: try row.decode(column: "t", as: String.self),
                            column: try row.decode(column: "c", as: String.self)
                        )
                    )
                }
            }
            var declared: Set<Reference> = []
            for declaration in Composition.personalData.declarations {
                for (column, _) in declaration.columns {
                    declared.insert(Reference(table: declaration.table, column: column))
                }
                if let email = declaration.emailColumn {
                    declared.insert(Reference(table: declaration.table, column: email))
                }
            }
            let missing = declared.subtracting(indexed)
            #expect(
                missing.isEmpty,
                "person columns without an index: \(missing.sorted { $0.description < $1.description })"
            )
        }
    }

    @Test func everyDeclaredTableExistsAndHasARetentionRule() async throws {
        try await withApp { context in
            let sql = try #require(context.app.db as? any SQLDatabase)
            for declaration in Composition.personalData.declarations {
                #expect(!declaration.retention.isEmpty)
                _ = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
                    declaration.table
                ).first()
            }
        }
    }
}
