import Foundation
import MashangServices

/// The OpenAPI document as a page integrators read (`/api/docs`): operations grouped by tag with their parameters,
/// request body fields, answers and errors, then the schemas. Built from the same bundled document the API serves,
/// so it cannot say something else.
struct APIDocsPage {
    struct Parameter { let name, location, type, description: String; let required: Bool }
    struct Field { let name, type, description: String; let required: Bool }
    struct Answer { let code, description: String }
    struct Operation {
        let id, method, path, summary: String
        let auth: Bool
        let parameters: [Parameter]
        let body: [Field]
        let bodySchema: String?
        let answers: [Answer]
    }
    struct Tag { let name: String; let operations: [Operation] }
    struct Schema { let name, description: String; let fields: [Field] }

    let title, version, description: String
    let tags: [Tag]
    let schemas: [Schema]

    init(document data: Data) {
        let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let info = document["info"] as? [String: Any] ?? [:]
        title = info["title"] as? String ?? "API"
        version = info["version"] as? String ?? ""
        description = info["description"] as? String ?? ""
        var byTag: [String: [Operation]] = [:]
        for (path, item) in (document["paths"] as? [String: [String: Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let tag = (operation["tags"] as? [String])?.first ?? "other"
                let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map { parameter in
                    Parameter(
                        name: parameter["name"] as? String ?? "", location: parameter["in"] as? String ?? "",
                        type: Self.type(parameter["schema"] as? [String: Any]), description: parameter["description"] as? String ?? "",
                        required: parameter["required"] as? Bool ?? false)
                }
                let bodySchema =
                    (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                    as? [String: Any])?["schema"] as? [String: Any]
                let answers = (operation["responses"] as? [String: [String: Any]] ?? [:]).sorted { $0.key < $1.key }.map {
                    Answer(code: $0.key, description: $0.value["description"] as? String ?? "")
                }
                byTag[tag, default: []].append(
                    Operation(
                        id: operation["operationId"] as? String ?? "\(method)-\(path)", method: method.uppercased(), path: path,
                        summary: operation["summary"] as? String ?? "", auth: operation["security"] != nil, parameters: parameters,
                        body: Self.fields(bodySchema), bodySchema: (bodySchema?["$ref"] as? String).map(Self.refName), answers: answers))
            }
        }
        tags = byTag.keys.sorted().map { Tag(name: $0, operations: byTag[$0]!) }
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        schemas = components.keys.sorted().map { name in
            Schema(name: name, description: components[name]?["description"] as? String ?? "", fields: Self.fields(components[name]))
        }
    }

    static func refName(_ reference: String) -> String { String(reference.split(separator: "/").last ?? "") }

    static func type(_ schema: [String: Any]?) -> String {
        guard let schema else { return "" }
        if let reference = schema["$ref"] as? String { return refName(reference) }
        if let options = schema["oneOf"] as? [[String: Any]] { return options.map { type($0) }.joined(separator: " | ") }
        var text = schema["type"] as? String ?? ""
        if text == "array" { text = "[" + type(schema["items"] as? [String: Any]) + "]" }
        if let values = schema["enum"] as? [Any] { text += " (" + values.map { "\($0)" }.joined(separator: ", ") + ")" }
        if let pattern = schema["pattern"] as? String { text += " " + pattern }
        if let format = schema["format"] as? String { text += " " + format }
        return text
    }

    static func fields(_ schema: [String: Any]?) -> [Field] {
        guard let properties = schema?["properties"] as? [String: [String: Any]] else { return [] }
        let required = Set(schema?["required"] as? [String] ?? [])
        return properties.keys.sorted().map { name in
            Field(
                name: name, type: type(properties[name]), description: properties[name]?["description"] as? String ?? "",
                required: required.contains(name))
        }
    }
}
