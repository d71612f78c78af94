import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangServices
import MashangWeb
import NIOCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as parsed, for checking Open311 answers by their element names.
final class XMLNode {
    let name: String
    var text = ""
    var children: [XMLNode] = []

    init(name: String) { self.name = name }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    subscript(_ name: String) -> String? { child(name)?.text }

    /// Parses a whole document; nil when it is not well-formed XML.
    static func parse(_ text: String) -> XMLNode? {
        final class Builder: NSObject, XMLParserDelegate {
            var stack: [XMLNode] = []
            var root: XMLNode?
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                let node = XMLNode(name: name)
                stack.last?.children.append(node)
                if root == nil { root = node }
                stack.append(node)
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                _ = stack.popLast()
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        return parser.parse() ? builder.root : nil
    }
}

/// One Open311 answer.
struct Open311Response {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    var xml: XMLNode? { XMLNode.parse(body) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    var jsonList: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var jsonObject: [String: Any] { json as? [String: Any] ?? [:] }
    /// The descriptions of an `errors` answer, in either format.
    var errorDescriptions: [String] {
        if let list = json as? [[String: Any]] { return list.compactMap { $0["description"] as? String } }
        return xml?.all("error").compactMap { $0["description"] } ?? []
    }
}

extension WebClient {
    /// An Open311 call; `form` is sent URL-encoded, as the specification's clients do.
    func open311(
        _ method: HTTPRequest.Method, _ path: String, form: [(String, String)]? = nil, language: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Open311Response {
        var headers = extra
        if let language { headers[.acceptLanguage] = language }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(
                string: form.map {
                    "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
                }.joined(separator: "&"))
        }
        return try await client.execute(uri: "/open311/v2/" + path, method: method, headers: headers, body: body) { response in
            Open311Response(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// An API key made on the administration page by `admin` for `organization`.
    func makeApiKey(as admin: String, organization: String, name: String = "区12345热线") async throws -> String {
        let cookie = try await signIn(admin)
        let csrf = try #require(try await page(.get, "/staff/admin/api-keys", cookie: cookie).csrf)
        let made = try await page(
            .post, "/staff/admin/api-keys", form: [("_csrf", csrf), ("name", name), ("organization", organization)],
            cookie: cookie)
        #expect(made.status == .ok)
        let notice = try #require(made.html.range(of: "id=\"new-api-key\""))
        let rest = made.html[notice.upperBound...]
        let start = try #require(rest.range(of: "<code>")), end = try #require(rest.range(of: "</code>"))
        return String(rest[start.upperBound..<end.lowerBound])
    }
}
