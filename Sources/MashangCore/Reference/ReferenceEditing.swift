import Foundation

/// The tables of the reference data an administrator edits.
public enum ReferenceTable: String, Sendable, CaseIterable {
    case organizations, departments, categories, areas
    case intakePoints = "points"
}

/// What an administrator does to one item: rename it, retire it (停用) or put it back in use.
public enum ReferenceEdit: String, Sendable, CaseIterable {
    case rename, retire, restore
}

extension ReferenceData {
    /// The reference data after one edit. Codes never change (history names them). Retiring takes the item's
    /// dependants with it — an organisation's departments, a category's or area's subtree, an area's intake points —
    /// so that nothing offered hangs under something retired; it is refused for the joint centre and while a dispatch
    /// rule still sends requests to the unit. Restoring needs the parent in use, and restores the item alone.
    /// - Parameters:
    ///   - day: today (`yyyy-MM-dd`, China time), recorded as the retirement day.
    ///   - rules: the dispatch rules in force.
    public func editing(
        _ table: ReferenceTable, code: String, _ edit: ReferenceEdit, name: String?, nameEn: String?,
        day: String, rules: [DispatchRule]
    ) throws(ValidationError) -> ReferenceData {
        var check = FieldRules()
        var organizations = allOrganizations, departments = allDepartments, categories = allCategories
        var areas = allAreas, points = allIntakePoints

        func apply<Item: Retirable>(_ items: inout [Item], parentInUse: (Item) -> Bool) {
            guard let index = items.firstIndex(where: { $0.code == code }) else { return check.add("code", "unknown") }
            switch edit {
            case .rename:
                // A name left empty stays as it is; at least one must be given.
                let given = [name, nameEn].map { $0?.trimmingCharacters(in: .whitespaces) ?? "" }
                if given.allSatisfy(\.isEmpty) { check.add("name", "required") }
                if !given[0].isEmpty, let name = check.text(given[0], "name", max: 60) { items[index].name = name }
                if !given[1].isEmpty, let nameEn = check.text(given[1], "nameEn", max: 80) { items[index].nameEn = nameEn }
            case .retire:
                if items[index].retiredOn == nil { items[index].retiredOn = day }
            case .restore:
                check.require(parentInUse(items[index]), "code", "notAllowed")
                items[index].retiredOn = nil
            }
        }
        func retireAll<Item: Retirable>(_ items: inout [Item], where belongs: (Item) -> Bool) {
            for index in items.indices where belongs(items[index]) && items[index].retiredOn == nil { items[index].retiredOn = day }
        }
        let targeted = Set(rules.map(\.organization) + rules.compactMap(\.department))
        if edit == .retire && targeted.contains(code) { check.add("code", "inUse") }

        switch table {
        case .organizations:
            if edit == .retire && organization(code)?.kind == .joint { check.add("code", "notAllowed") }
            apply(&organizations) { _ in true }
            if edit == .retire {
                if !targeted.contains(code) && departments.contains(where: { $0.organization == code && targeted.contains($0.code) }) {
                    check.add("code", "inUse")
                }
                retireAll(&departments) { $0.organization == code }
            }
        case .departments:
            apply(&departments) { organization($0.organization)?.isRetired == false }
        case .categories:
            apply(&categories) { $0.parent.map { category($0)?.isRetired == false } ?? true }
            if edit == .retire {
                let subtree = Set(categoryTree.subtree(of: code))
                retireAll(&categories) { subtree.contains($0.code) }
            }
        case .areas:
            apply(&areas) { $0.parent.map { area($0)?.isRetired == false } ?? true }
            if edit == .retire {
                let subtree = Set(areaTree.subtree(of: code))
                retireAll(&areas) { subtree.contains($0.code) }
                retireAll(&points) { subtree.contains($0.area) }
            }
        case .intakePoints:
            apply(&points) { area($0.area)?.isRetired == false }
        }
        try check.check()
        return ReferenceData(
            organizations: organizations, departments: departments, categories: categories, areas: areas,
            intakePoints: points)
    }
}
