import Foundation
import Hummingbird
import MashangServices

/// One Open311 answer as a tree, written as XML or JSON by the same rules (GeoReport v2 maps its XML to JSON by the
/// Spark convention): an object is an element with child elements / a JSON object; a list is an element holding one
/// element per item named `item` / a JSON array; a missing text is an empty element / `null`.
indirect enum Open311Node {
    case text(String?)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case object([(String, Open311Node)])
    case list(item: String, [Open311Node])
}

/// The two formats of GeoReport v2, chosen by the resource's extension (`services.xml`, `requests/1.json`).
enum Open311Format: String {
    case xml, json

    var contentType: String {
        switch self {
        case .xml: "text/xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }
}

/// A whole answer: its root element's name (XML only) and its content.
struct Open311Document {
    let root: String
    let body: Open311Node

    func response(_ format: Open311Format, status: HTTPResponse.Status = .ok) -> Response {
        let text: String =
            switch format {
            case .xml: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + Self.xml(root, body) + "\n"
            case .json: Self.json(body)
            }
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func xml(_ name: String, _ node: Open311Node) -> String {
        switch node {
        case .text(nil): "<\(name)/>"
        case .text(let value?): "<\(name)>\(value.xmlEscaped)</\(name)>"
        case .number(let value): "<\(name)>\(numberText(value))</\(name)>"
        case .integer(let value): "<\(name)>\(value)</\(name)>"
        case .bool(let value): "<\(name)>\(value)</\(name)>"
        case .object(let members): "<\(name)>" + members.map { xml($0.0, $0.1) }.joined() + "</\(name)>"
        case .list(let item, let items): "<\(name)>" + items.map { xml(item, $0) }.joined() + "</\(name)>"
        }
    }

    static func json(_ node: Open311Node) -> String {
        switch node {
        case .text(nil): "null"
        case .text(let value?): jsonString(value)
        case .number(let value): numberText(value)
        case .integer(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .object(let members): "{" + members.map { jsonString($0.0) + ":" + json($0.1) }.joined(separator: ",") + "}"
        case .list(_, let items): "[" + items.map(json).joined(separator: ",") + "]"
        }
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func numberText(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// An Open311 error: the HTTP status (400, 403, 404) and every problem, each with a code and a description in the
/// user's language.
struct Open311Failure: Error {
    let status: HTTPResponse.Status
    let errors: [(code: String, description: String)]

    init(_ status: HTTPResponse.Status, _ errors: [(code: String, description: String)]) {
        self.status = status
        self.errors = errors
    }

    init(_ status: HTTPResponse.Status, _ description: String) {
        self.init(status, [(String(status.code), description)])
    }

    var document: Open311Document {
        Open311Document(
            root: "errors",
            body: .list(
                item: "error",
                errors.map {
                    .object([("code", Int($0.code).map(Open311Node.integer) ?? .text($0.code)), ("description", .text($0.description))])
                }))
    }
}
