/// A consistent snapshot of the configurable reference data, with the lookups the domain needs. The lists
/// (`organizations` …) hold what is offered now; `all…` also hold retired items, which the lookups still find so that
/// history and figures keep their names.
public struct ReferenceData: Sendable {
    public let organizations: [Organization]
    public let departments: [Department]
    public let categories: [Category]
    public let areas: [Area]
    public let intakePoints: [IntakePoint]
    public let allOrganizations: [Organization]
    public let allDepartments: [Department]
    public let allCategories: [Category]
    public let allAreas: [Area]
    public let allIntakePoints: [IntakePoint]
    public let categoryTree: CodeTree
    public let areaTree: CodeTree
    /// Places coordinates in the areas in use that have a boundary.
    public let areaLocator: AreaLocator

    private let organizationsByCode: [String: Organization]
    private let departmentsByCode: [String: Department]
    private let categoriesByCode: [String: Category]
    private let intakePointsByCode: [String: IntakePoint]
    private let areasByCode: [String: Area]

    public init(
        organizations: [Organization], departments: [Department], categories: [Category],
        areas: [Area], intakePoints: [IntakePoint]
    ) {
        allOrganizations = organizations
        allDepartments = departments
        allCategories = categories
        allAreas = areas
        allIntakePoints = intakePoints
        self.organizations = organizations.filter { !$0.isRetired }
        self.departments = departments.filter { !$0.isRetired }
        self.categories = categories.filter { !$0.isRetired }
        self.areas = areas.filter { !$0.isRetired }
        self.intakePoints = intakePoints.filter { !$0.isRetired }
        categoryTree = CodeTree(parents: categories.map { ($0.code, $0.parent) })
        areaTree = CodeTree(parents: areas.map { ($0.code, $0.parent) })
        areaLocator = AreaLocator(areas: areas, tree: areaTree)
        organizationsByCode = Dictionary(organizations.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        departmentsByCode = Dictionary(departments.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        categoriesByCode = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        intakePointsByCode = Dictionary(intakePoints.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        areasByCode = Dictionary(areas.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The questions a request in this category answers: its ancestors' first, then its own (a code asked higher up
    /// is asked once).
    public func questions(for category: String) -> [CategoryQuestion] {
        var seen: Set<String> = []
        return categoryTree.lineage(of: category).reversed().flatMap { self.category($0)?.questions ?? [] }
            .filter { seen.insert($0.code).inserted }
    }

    public static let empty = ReferenceData(organizations: [], departments: [], categories: [], areas: [], intakePoints: [])

    public func organization(_ code: String) -> Organization? { organizationsByCode[code] }
    public func department(_ code: String) -> Department? { departmentsByCode[code] }

    /// The level of a unit: the department's own when it has one, else its organisation's (an unknown one counts as an
    /// organisation).
    public func level(organization: String, department: String?) -> Tier {
        if let department, let level = self.department(department)?.level { return level }
        return self.organization(organization)?.level ?? .organization
    }
    public func category(_ code: String) -> Category? { categoriesByCode[code] }
    public func intakePoint(_ code: String) -> IntakePoint? { intakePointsByCode[code] }
    public func hasArea(_ code: String) -> Bool { areaTree.contains(code) }
    public func area(_ code: String) -> Area? { areasByCode[code] }

    /// Whether a department exists and belongs to the organisation.
    public func department(_ code: String, belongsTo organization: String) -> Bool {
        departmentsByCode[code]?.organization == organization
    }
}

extension ReferenceData {
    /// What is wrong with giving area `code` this boundary among the others: its shape, lying outside its parent's
    /// boundary, or leaving out part of a child's (areas without a boundary are not compared).
    public func problem(ofBoundary boundary: AreaBoundary, forArea code: String) -> BoundaryProblem? {
        if let problem = boundary.problem { return problem }
        if let parent = area(code)?.parent, let outer = area(parent)?.boundary, !boundary.isWithin(outer) { return .outsideParent }
        let children = allAreas.filter { $0.parent == code && !$0.isRetired }.compactMap(\.boundary)
        if children.contains(where: { !$0.isWithin(boundary) }) { return .outsideParent }
        return nil
    }
}
