import Foundation
import Hummingbird
import MashangServices
import NIOCore

/// Serves the API's OpenAPI 3 document (`Resources/openapi.json`). A test checks it against the router, so a route
/// cannot be added or removed without the document following.
struct OpenAPIController {
    static let document: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("Resources/openapi.json is missing from the bundle")
        }
        return ByteBuffer(bytes: data)
    }()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: Self.document))
        }
    }

    static let docs = APIDocsPage(document: Data(document.readableBytesView))

    /// `/api/docs`: the same document as a page for integrators, served locally (no CDN, no script).
    static func addDocsPage(to router: Router<AppRequestContext>, pages: PageRenderer, messages: Messages) {
        struct DocsView {
            let chrome: PageChrome
            let docs: APIDocsPage
        }
        router.get("api/docs") { request, _ in
            var response = pages.response(
                "api-docs", DocsView(chrome: PageChrome(language: request.language, messages: messages, path: request.uri.path), docs: docs)
            )
            response.headers[.cacheControl] = "public, max-age=300"
            // The page is in the language of the cookie or Accept-Language: a cache must keep one copy per language.
            response.headers[.vary] = "Accept-Language, Cookie"
            return response
        }
    }
}
