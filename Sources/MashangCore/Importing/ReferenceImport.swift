import Foundation

/// Areas (`mashang import areas`): a row with a new code adds an area (name and English name required, a parent
/// optional); a row with a known code and a `boundary` (GeoJSON text) draws that area. A GeoJSON file is read as
/// such rows, one per feature (`TabularFile.geoJSON`). Every boundary is checked among all the areas as they will
/// be: its shape, inside its parent's boundary, around its children's.
public enum AreaImport {
    public static let fields = ["code", "parent", "name", "nameEn", "boundary"]
    public static let required = ["code"]

    public static func check(_ records: [ImportRecord], reference: ReferenceData) -> (
        areas: [(row: Int, area: Area)], problems: [ImportProblem]
    ) {
        var known = Set(reference.allAreas.map(\.code))
        var areas: [(row: Int, area: Area)] = []
        var problems: [ImportProblem] = []
        for record in records {
            var rules = FieldRules()
            let code = rules.text(record["code"], "code", max: 64)
            var boundary: AreaBoundary?
            if let text = record["boundary"] {
                boundary = AreaBoundary(geoJSON: text)
                if boundary == nil { rules.add("boundary", "notGeoJSON") }
            }
            if let code, var existing = reference.area(code), record["boundary"] != nil,
                !areas.contains(where: { $0.area.code == code })
            {
                // A known area with a boundary: only the boundary is imported.
                if rules.problems.isEmpty, let boundary {
                    existing.boundary = boundary
                    areas.append((record.row, existing))
                }
            } else {
                if let code {
                    rules.require(ReferenceCodes.isValid(code), "code", "invalid")
                    rules.require(!known.contains(code), "code", "duplicate")
                }
                let parent = record["parent"]
                if let parent { rules.require(known.contains(parent), "parent", "unknown") }
                let name = rules.text(record["name"], "name", max: 60)
                let nameEn = rules.text(record["nameEn"], "nameEn", max: 80)
                if rules.problems.isEmpty, let code, let name, let nameEn {
                    known.insert(code)
                    areas.append((record.row, Area(code: code, parent: parent, name: name, nameEn: nameEn, boundary: boundary)))
                }
            }
            problems += rules.problems.map { ImportProblem(row: record.row, field: $0.name, problem: $0.problem) }
        }
        let merged = merging(areas.map(\.area), into: reference)
        for (row, area) in areas {
            guard let boundary = area.boundary, let problem = merged.problem(ofBoundary: boundary, forArea: area.code) else { continue }
            problems.append(ImportProblem(row: row, field: "boundary", problem: problem.rawValue))
        }
        return (problems.isEmpty ? areas : areas.filter { area in !problems.contains { $0.row == area.row } }, problems)
    }

    /// The reference data with these areas: known codes replaced where they stand, new ones added at the end.
    public static func merging(_ areas: [Area], into reference: ReferenceData) -> ReferenceData {
        var all = reference.allAreas
        for area in areas {
            if let index = all.firstIndex(where: { $0.code == area.code }) { all[index] = area } else { all.append(area) }
        }
        return ReferenceData(
            organizations: reference.allOrganizations, departments: reference.allDepartments, categories: reference.allCategories,
            areas: all, intakePoints: reference.allIntakePoints)
    }
}

/// Staff accounts (`mashang import users`): username, organisation, role, department (a handler needs one), display
/// name and, optionally, a password meeting the policy (one is generated when the cell is empty).
public enum UserImport {
    public static let fields = ["username", "organization", "role", "department", "displayName", "password"]
    public static let required = ["username", "organization", "role"]

    public typealias User = NewAccount

    public static func check(
        _ records: [ImportRecord], reference: ReferenceData,
        existing: Set<String>
    ) -> (users: [(row: Int, user: User)], problems: [ImportProblem]) {
        var taken = existing
        var users: [(Int, User)] = []
        var problems: [ImportProblem] = []
        for record in records {
            var rules = FieldRules()
            if let username = record["username"] { rules.require(!taken.contains(username), "username", "duplicate") }
            let user = NewAccount.check(
                username: record["username"], organization: record["organization"], role: record["role"] ?? "",
                department: record["department"], displayName: record["displayName"], password: record["password"],
                passwordRequired: false, reference: reference, rules: &rules)
            if rules.problems.isEmpty, let user {
                taken.insert(user.username)
                users.append((record.row, user))
            }
            problems += rules.problems.map { ImportProblem(row: record.row, field: $0.name, problem: $0.problem) }
        }
        return (users, problems)
    }
}

/// Codes of reference data: lower-case ASCII letters, digits, `-` and `.`.
public enum ReferenceCodes {
    public static func isValid(_ code: String) -> Bool {
        !code.isEmpty && code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) }
    }
}
