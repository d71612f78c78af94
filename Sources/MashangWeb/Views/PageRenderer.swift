import Foundation
import Hummingbird
import MashangServices
import Mustache
import NIOCore

/// Renders the Mustache templates bundled under `Resources/templates` into HTML responses. Every `{{value}}` is
/// HTML-escaped by Mustache; the one unescaped value is the QR sheet's SVG, which the server draws itself with its
/// only text (the place name) escaped.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// The bundled templates, parsed once. A template that does not parse stops the server at start (and fails the
    /// test that renders every template).
    public static let bundled: PageRenderer = {
        do {
            return PageRenderer(library: try loadLibrary())
        } catch {
            preconditionFailure("templates do not parse: \(error)")
        }
    }()

    /// Every template in the bundle, by file name without `.mustache`.
    public static let templateNames: [String] = {
        guard let layout = Bundle.module.url(forResource: "layout", withExtension: "mustache", subdirectory: "Resources/templates"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: layout.deletingLastPathComponent().path)
        else { return [] }
        return files.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }.sorted()
    }()

    static func loadLibrary() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        guard templateNames.contains("layout") else { throw MissingTemplate(name: "layout") }
        for name in templateNames {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Resources/templates") else {
                throw MissingTemplate(name: name)
            }
            try library.register(String(decoding: try Data(contentsOf: url), as: UTF8.self), named: name)
        }
        return library
    }

    struct MissingTemplate: Error {
        var name: String
    }

    /// The HTML of a template for a view model.
    public func html(_ template: String, _ view: Any) -> String {
        library.render(ReflectedView.of(view) as Any, withTemplate: template) ?? ""
    }

    func response(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html(template, view))))
    }
}
