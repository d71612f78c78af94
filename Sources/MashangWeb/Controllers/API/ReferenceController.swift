import Hummingbird
import MashangCore
import MashangServices

/// Reference data with stable codes and names in the request's language. Readable without login: the public
/// form needs categories, areas and intake points, and who the organisations are is public knowledge.
struct ReferenceController {
    let reference: ReferenceCache

    struct Item: Encodable {
        var code: String
        var name: String
        var parent: String?
        var organization: String?
        var area: String?
        var kind: String?
        var allowsAnonymous: Bool?
    }

    struct Items: Encodable {
        var items: [Item]
    }

    /// Where a point lies: the area holding it and that area's lineage from the top, named in the request's language.
    struct Located: Encodable {
        var area: String
        var name: String
        var lineage: [Item]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("categories") { request, _ in
            let data = reference.snapshot.data
            return items(
                data.categories.map {
                    Item(code: $0.code, name: name($0.name, $0.nameEn, request), parent: $0.parent, allowsAnonymous: $0.allowsAnonymous)
                })
        }
        group.get("organizations") { request, _ in
            items(
                reference.snapshot.data.organizations.map {
                    Item(code: $0.code, name: name($0.name, $0.nameEn, request), kind: $0.kind.rawValue)
                })
        }
        group.get("departments") { request, _ in
            items(
                reference.snapshot.data.departments.map {
                    Item(code: $0.code, name: name($0.name, $0.nameEn, request), organization: $0.organization)
                })
        }
        group.get("areas") { request, _ in
            items(reference.snapshot.data.areas.map { Item(code: $0.code, name: name($0.name, $0.nameEn, request), parent: $0.parent) })
        }
        // What the forms' "use my location" shows before a request is sent: the grid a point is in.
        group.get("areas/locate") { request, _ in
            try locate(request)
        }
        group.get("intake-points") { request, _ in
            items(reference.snapshot.data.intakePoints.map { Item(code: $0.code, name: name($0.name, $0.nameEn, request), area: $0.area) })
        }
    }

    private func locate(_ request: Request) throws -> Response {
        let data = reference.snapshot.data
        let query = request.uri.queryParameters
        var check = FieldRules()
        func number(_ name: String) -> Double? {
            guard let raw = query[Substring(name)].map(String.init) else { return nil }
            guard let value = Double(raw), value.isFinite else {
                check.add("location.\(name)", "invalid")
                return nil
            }
            return value
        }
        let input = IntakeRequest.LocationInput(
            latitude: number("latitude"), longitude: number("longitude"), system: query["system"].map(String.init))
        let location = IntakeValidator.locate(input, reference: data, &check)
        try check.check()
        guard let point = location?.point, let area = data.areaLocator.area(containing: point) else {
            // No area has a boundary yet: nothing to place by.
            throw ValidationError("location", "outsideTerritory")
        }
        let lineage = data.areaTree.lineage(of: area).reversed().compactMap { data.area($0) }
            .map { Item(code: $0.code, name: name($0.name, $0.nameEn, request), parent: $0.parent) }
        return JSONBody.response(Located(area: area, name: lineage.last?.name ?? area, lineage: lineage))
    }

    private func name(_ chinese: String, _ english: String, _ request: Request) -> String {
        request.language == .en ? english : chinese
    }

    private func items(_ items: [Item]) -> Response {
        JSONBody.response(Items(items: items))
    }
}
