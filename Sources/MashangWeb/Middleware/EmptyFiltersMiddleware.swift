import Foundation
import HTTPTypes
import Hummingbird
import MashangServices

/// On reads (GET, HEAD), a query parameter with an empty or blank value is no filter at all: "any". A form submitted
/// as it is shown sends its "全部分类 / 不限" options as `category=&due=`; every list, page and API read then treats
/// them as absent, by this one rule instead of each parser's own. Parameters without `=` are kept as they are.
struct EmptyFiltersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let query = request.uri.query, !query.isEmpty else {
            return try await next(request, context)
        }
        let items = query.split(separator: "&", omittingEmptySubsequences: false)
        let kept = items.filter { item in
            guard let equals = item.firstIndex(of: "=") else { return !item.isEmpty }
            let value = String(item[item.index(after: equals)...]).replacingOccurrences(of: "+", with: " ")
            return !(value.removingPercentEncoding ?? value).allSatisfy(\.isWhitespace)
        }
        guard kept.count != items.count else { return try await next(request, context) }
        var head = request.head
        head.path = request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return try await next(Request(head: head, body: request.body), context)
    }
}
