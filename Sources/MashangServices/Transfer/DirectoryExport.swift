import Foundation
import MashangCore

/// The rest of "everything" as JSON lines: staff accounts (never password hashes), reference data (organisations,
/// departments, categories with their questions, areas, intake points, dispatch rules, one line each with its `type`),
/// and the audit log (optionally of a period).
public struct DirectoryExport: Sendable {
    public init() {}

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func line(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    public func users(_ database: Stores, write: (String) throws -> Void) async throws -> Int {
        struct User: Encodable { let username, displayName, organization, role: String; let department: String?; let active: Bool }
        let accounts = try await database.accounts.accounts()
        for account in accounts {
            try write(
                try Self.line(
                    User(
                        username: account.username, displayName: account.displayName, organization: account.organization,
                        role: account.role.rawValue, department: account.department, active: account.active)))
        }
        return accounts.count
    }

    public func reference(_ database: Stores, write: (String) throws -> Void) async throws -> Int {
        struct Item<Value: Encodable>: Encodable { let type: String; let item: Value }
        let data = try await database.reference.referenceData()
        let rules = try await database.reference.dispatchRules()
        var count = 0
        func emit(_ type: String, _ values: [some Encodable]) throws {
            for value in values { try write(try Self.line(Item(type: type, item: value))) }
            count += values.count
        }
        try emit("organization", data.allOrganizations)
        try emit("department", data.allDepartments)
        try emit("category", data.allCategories)
        try emit("area", data.allAreas)
        try emit("intakePoint", data.allIntakePoints)
        try emit("dispatchRule", rules)
        return count
    }

    public func audit(_ database: Stores, from: Date?, before: Date?, write: (String) throws -> Void) async throws -> Int {
        // Each line carries its chain (docs/integrity.md): `atMs` is the time as hashed.
        struct Line: Encodable {
            let at: Date
            let actor: String
            let organization: String?
            let action, subject, address, detail: String
            let id: Int64
            let day: String?
            let atMs: Int64
            let prevHash, hash: String?
        }
        var count = 0, after: Int64 = 0
        while true {
            let (lines, last) = try await database.audit.batch(after: after, from: from, before: before, limit: 1000)
            guard let last else { break }
            after = last
            for line in lines {
                let entry = line.entry
                try write(
                    try Self.line(
                        Line(
                            at: entry.at, actor: entry.actor, organization: entry.organization, action: entry.action,
                            subject: entry.subject, address: entry.address, detail: entry.detail, id: line.id, day: line.day,
                            atMs: line.atMilliseconds, prevHash: line.prevHash, hash: line.hash)))
            }
            count += lines.count
        }
        return count
    }
}
