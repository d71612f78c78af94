import Foundation

/// Areas (`mashang import areas`): communities and grids added to the area tree. Codes are lower-case ASCII and new;
/// a parent is an existing area or one earlier in the file.
public enum AreaImport {
    public static let fields = ["code", "parent", "name", "nameEn"]
    public static let required = ["code", "name", "nameEn"]

    public static func check(_ records: [ImportRecord], reference: ReferenceData) -> (
        areas: [(row: Int, area: Area)], problems: [ImportProblem]
    ) {
        var known = Set(reference.allAreas.map(\.code))
        var areas: [(Int, Area)] = []
        var problems: [ImportProblem] = []
        for record in records {
            var rules = FieldRules()
            let code = rules.text(record["code"], "code", max: 64)
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
                areas.append((record.row, Area(code: code, parent: parent, name: name, nameEn: nameEn)))
            }
            problems += rules.problems.map { ImportProblem(row: record.row, field: $0.name, problem: $0.problem) }
        }
        return (areas, problems)
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
