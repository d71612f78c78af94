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
        group.get("intake-points") { request, _ in
            items(reference.snapshot.data.intakePoints.map { Item(code: $0.code, name: name($0.name, $0.nameEn, request), area: $0.area) })
        }
    }

    private func name(_ chinese: String, _ english: String, _ request: Request) -> String {
        request.language == .en ? english : chinese
    }

    private func items(_ items: [Item]) -> Response {
        JSONBody.response(Items(items: items))
    }
}
