import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// `/api/v1/openapi.json` cannot drift from the code: every API route is in it with its method, nothing else is,
/// and its enumerations are the domain's.
struct OpenAPIDocumentTests {
    static func document(_ web: WebClient) async throws -> [String: Any] {
        let response = try await web.request(.get, "/api/v1/openapi.json")
        #expect(response.status == .ok)
        return response.json
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestDatabases.withSQLite { database in
            try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
            let dependencies = try await AppDependencies.load(stores: database.stores, clock: { Fixtures.now })
            let router = buildRouter(configuration: AppConfiguration(), dependencies: dependencies, hotspots: HotspotCache())
            let routes = Set(
                router.routes.map { route -> String in
                    let path = route.path.description.split(separator: "/").map { segment in
                        segment.hasPrefix(":") ? "{" + segment.dropFirst() + "}" : String(segment)
                    }.joined(separator: "/")
                    return "\(route.method.rawValue) /\(path)"
                }.filter { ($0.contains(" /api/") || $0.hasSuffix(" /health")) && $0 != "GET /api/docs" })  // the page reading the document
            let app = Application(router: router)
            try await app.test(.router) { client in
                let document = try await Self.document(WebClient(client: client, database: database))
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
                #expect(
                    routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
                #expect(documented.subtracting(routes).isEmpty, "documented but not routed: \(documented.subtracting(routes).sorted())")
                #expect(routes.count > 20)
            }
        }
    }

    @Test func theDocumentsEnumerationsAreTheDomains() async throws {
        try await WebHarness.run { web in
            let document = try await Self.document(web)
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            func enumeration(_ schema: String, _ property: String) -> [String]? {
                ((schemas[schema]?["properties"] as? [String: Any])?[property] as? [String: Any])?["enum"] as? [String]
            }
            #expect(enumeration("IntakeRequest", "channel") == Channel.allCases.map(\.rawValue))
            #expect(enumeration("IntakeRequest", "kind") == TicketKind.allCases.map(\.rawValue))
            #expect(enumeration("IntakeRequest", "urgency") == Urgency.allCases.map(\.rawValue))
            #expect(enumeration("TicketSummary", "status") == TicketStatus.allCases.map(\.rawValue))
            #expect(enumeration("Token", "scope") == TokenScope.allCases.map(\.rawValue))
            #expect(enumeration("Deadline", "kind") == Deadline.Kind.allCases.map(\.rawValue))
            #expect(enumeration("CommonIssue", "status") == CommonIssue.Status.allCases.map(\.rawValue))
            #expect(enumeration("FigureDefinitions", "response") == FigureDefinitions.ResponseBasis.allCases.map(\.rawValue))
            let figureParameters =
                (((document["paths"] as? [String: Any])?["/api/v1/figures/tickets"] as? [String: Any])?["get"] as? [String: Any])?[
                    "parameters"] as? [[String: Any]] ?? []
            func parameterEnum(_ name: String) -> [String]? {
                (figureParameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any])?["enum"] as? [String]
            }
            #expect(parameterEnum("measure") == FigureMeasure.ticketFlags.map(\.rawValue) + ["rated"])
            #expect(parameterEnum("dimension") == FigureDimension.allCases.map(\.rawValue))
            #expect(parameterEnum("rate") == FigureRate.allCases.map(\.rawValue))
            let totals =
                ((schemas["Figures"]?["properties"] as? [String: Any])?["total"] as? [String: Any])?["properties"] as? [String: Any]
            #expect(Set(totals?.keys.map { $0 } ?? []) == Set(FigureMeasure.allCases.map(\.rawValue)))
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            func bodyEnum(_ path: String, _ property: String) -> [String]? {
                let post = paths[path]?["post"] as? [String: Any]
                let schema =
                    (((post?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?[
                        "schema"] as? [String: Any]
                return ((schema?["properties"] as? [String: Any])?[property] as? [String: Any])?["enum"] as? [String]
            }
            #expect(bodyEnum("/api/v1/tickets/{number}/reply", "contactMethod") == ContactMethod.allCases.map(\.rawValue))
            #expect(bodyEnum("/api/v1/tickets/{number}/send-back", "reason") == SendBackReason.allCases.map(\.rawValue))
            #expect(bodyEnum("/api/v1/tickets/{number}/follow-up", "satisfaction") == Satisfaction.allCases.map(\.rawValue))
            #expect(bodyEnum("/api/v1/tickets/{number}/request-pause", "reason") == PauseReason.allCases.map(\.rawValue))
            // Every register's statuses, entries, actions and ticket channels, as the schemas define them.
            #expect(enumeration("RegisterRecord", "kind") == RegisterKind.allCases.map(\.rawValue))
            let inboxItem = (schemas["Notifications"]?["properties"] as? [String: Any]).flatMap { $0["items"] as? [String: Any] }?["items"]
            let inboxKinds = ((inboxItem as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any]
            #expect(inboxKinds?["enum"] as? [String] == TicketNotification.Kind.allCases.map(\.rawValue))
            for kind in RegisterKind.allCases {
                let schema = kind.schema
                let base = "/api/v1/\(kind.path)"
                let list = (paths[base]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                #expect(
                    (list.first { $0["name"] as? String == "status" }?["schema"] as? [String: Any])?["enum"] as? [String] == schema.statuses
                )
                if !schema.entries.isEmpty { #expect(bodyEnum(base + "/{id}/entries", "entry") == schema.entries.map(\.name)) }
                if !schema.actions.isEmpty { #expect(bodyEnum(base + "/{id}/actions", "action") == schema.actions.map(\.name)) }
                if schema.ticketChannels.isEmpty {
                    #expect(paths[base + "/{id}/tickets"] == nil)
                } else {
                    #expect(bodyEnum(base + "/{id}/tickets", "channel") == schema.ticketChannels.map(\.rawValue))
                }
            }
        }
    }

    @Test func theDocsPageShowsEveryDocumentedOperation() async throws {
        try await WebHarness.run { web in
            let document = try await Self.document(web)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let page = try await web.page(.get, "/api/docs")
            #expect(page.status == .ok && page.headers[.cacheControl]?.contains("public") == true)
            // Cached per language: without Vary a browser showed the Chinese copy after switching to English.
            #expect(page.headers[.vary] == "Accept-Language, Cookie")
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let id = try #require((operation as? [String: Any])?["operationId"] as? String)
                    #expect(page.contains("id=\"op-\(id)\"") && page.contains("<code>\(path)</code>"), "\(method) \(path) missing")
                }
            }
            #expect(page.contains("id=\"schema-RegisterRecord\"") && !page.contains("{{"))
            #expect(try await web.page(.get, "/api/docs", language: "en").contains("Schemas"))
        }
    }
}
