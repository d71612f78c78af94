import Foundation
import MashangCore
import SQLKit

/// `ReferenceStore` over SQL. Rows keep their given order in a `position` column.
public struct SQLReferenceStore: ReferenceStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func referenceData() async throws -> ReferenceData {
        try await backend.read { database in
            let organizations = try await database.raw("SELECT * FROM organizations ORDER BY position").all().map { row in
                let kind = try row.decode(column: "kind", as: String.self)
                return Organization(
                    code: try row.decode(column: "code", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self),
                    kind: try Organization.Kind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
                    level: try Self.level(row), retiredOn: try Self.retiredOn(row))
            }
            let departments = try await database.raw("SELECT * FROM departments ORDER BY position").all().map { row in
                Department(
                    code: try row.decode(column: "code", as: String.self),
                    organization: try row.decode(column: "organization", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self),
                    level: try Self.level(row), retiredOn: try Self.retiredOn(row))
            }
            let categories = try await database.raw("SELECT * FROM categories ORDER BY position").all().map { row in
                Category(
                    code: try row.decode(column: "code", as: String.self),
                    parent: try row.decode(column: "parent", as: String?.self),
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self),
                    allowsAnonymous: try row.decode(column: "allows_anonymous", as: Int.self) != 0,
                    questions: try JSONDecoder().decode(
                        [CategoryQuestion].self,
                        from: Data(try row.decode(column: "questions", as: String.self).utf8)),
                    retiredOn: try Self.retiredOn(row))
            }
            let areas = try await database.raw("SELECT * FROM areas ORDER BY position").all().map { row in
                Area(
                    code: try row.decode(column: "code", as: String.self),
                    parent: try row.decode(column: "parent", as: String?.self),
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self), retiredOn: try Self.retiredOn(row),
                    boundary: try Self.boundary(row))
            }
            let intakePoints = try await database.raw("SELECT * FROM intake_points ORDER BY position").all().map { row in
                IntakePoint(
                    code: try row.decode(column: "code", as: String.self),
                    area: try row.decode(column: "area", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self), retiredOn: try Self.retiredOn(row),
                    location: try Self.location(row))
            }
            return ReferenceData(
                organizations: organizations, departments: departments, categories: categories,
                areas: areas, intakePoints: intakePoints)
        }
    }

    /// The day an item was retired (nil: in use).
    static func retiredOn(_ row: any SQLRow) throws -> String? {
        try row.decode(column: "retired_on", as: String?.self)
    }

    /// An area's boundary column (nil: not drawn).
    static func boundary(_ row: any SQLRow) throws -> AreaBoundary? {
        guard let text = try row.decode(column: "boundary", as: String?.self) else { return nil }
        return try AreaBoundary(geoJSON: text).orThrow(CorruptRow(column: "boundary", value: String(text.prefix(80))))
    }

    /// An intake point's location columns (nil: not placed).
    static func location(_ row: any SQLRow) throws -> GeoPoint? {
        guard let latitude = try row.decode(column: "latitude", as: Double?.self),
            let longitude = try row.decode(column: "longitude", as: Double?.self)
        else { return nil }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }

    /// A unit's level column (nil: not set).
    static func level(_ row: any SQLRow) throws -> Tier? {
        guard let raw = try row.decode(column: "level", as: String?.self) else { return nil }
        return try Tier(rawValue: raw).orThrow(CorruptRow(column: "level", value: raw))
    }

    public func dispatchRules() async throws -> [DispatchRule] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM dispatch_rules ORDER BY position").all().map { row in
                let keywords = try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "keywords", as: String.self).utf8))
                return DispatchRule(
                    code: try row.decode(column: "code", as: String.self),
                    category: try row.decode(column: "category", as: String?.self),
                    area: try row.decode(column: "area", as: String?.self),
                    kind: try row.decode(column: "kind", as: String?.self).flatMap(TicketKind.init(rawValue:)),
                    keywords: keywords,
                    organization: try row.decode(column: "organization", as: String.self),
                    department: try row.decode(column: "department", as: String?.self))
            }
        }
    }

    public func replaceReferenceData(_ data: ReferenceData, rules: [DispatchRule]) async throws {
        let keywordJSON = try rules.map { String(decoding: try JSONEncoder().encode($0.keywords), as: UTF8.self) }
        let questionJSON = try data.allCategories.map { String(decoding: try JSONEncoder().encode($0.questions), as: UTF8.self) }
        try await backend.write { database in
            for table in ["dispatch_rules", "intake_points", "areas", "categories", "departments", "organizations"] {
                try await database.raw("DELETE FROM \(ident: table)").run()
            }
            try await SQLRows.insert(
                into: "organizations", columns: ["code", "name", "name_en", "kind", "position", "level", "retired_on"],
                rows: data.allOrganizations.enumerated().map {
                    [$1.code, $1.name, $1.nameEn, $1.kind.rawValue, $0, $1.level.rawValue, $1.retiredOn]
                },
                on: database)
            try await SQLRows.insert(
                into: "departments", columns: ["code", "organization", "name", "name_en", "position", "level", "retired_on"],
                rows: data.allDepartments.enumerated().map {
                    [$1.code, $1.organization, $1.name, $1.nameEn, $0, $1.level?.rawValue, $1.retiredOn]
                },
                on: database)
            // Units' levels decide the tier every ticket counts at: the figures look at every ticket again.
            try await database.raw("UPDATE ticket_facts SET recheck_at = 0").run()
            try await SQLRows.insert(
                into: "categories",
                columns: ["code", "parent", "name", "name_en", "allows_anonymous", "questions", "position", "retired_on"],
                rows: data.allCategories.enumerated().map {
                    [$1.code, $1.parent, $1.name, $1.nameEn, $1.allowsAnonymous ? 1 : 0, questionJSON[$0], $0, $1.retiredOn]
                },
                on: database)
            try await SQLRows.insert(
                into: "areas", columns: ["code", "parent", "name", "name_en", "position", "retired_on", "boundary"],
                rows: data.allAreas.enumerated().map { [$1.code, $1.parent, $1.name, $1.nameEn, $0, $1.retiredOn, $1.boundary?.geoJSON] },
                on: database)
            try await SQLRows.insert(
                into: "intake_points",
                columns: ["code", "area", "name", "name_en", "position", "retired_on", "latitude", "longitude"],
                rows: data.allIntakePoints.enumerated().map {
                    [$1.code, $1.area, $1.name, $1.nameEn, $0, $1.retiredOn, $1.location?.latitude, $1.location?.longitude]
                },
                on: database)
            try await SQLRows.insert(
                into: "dispatch_rules",
                columns: ["code", "category", "area", "kind", "keywords", "organization", "department", "position"],
                rows: rules.enumerated().map { index, rule in
                    [
                        rule.code, rule.category, rule.area, rule.kind?.rawValue, keywordJSON[index],
                        rule.organization, rule.department, index,
                    ]
                },
                on: database)
        }
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
