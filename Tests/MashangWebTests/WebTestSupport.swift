import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import NIOCore
import Testing

/// A response decoded as loose JSON, for assertions.
struct JSONResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: [String: Any]

    subscript(key: String) -> Any? { json[key] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    var errorFields: [[String: String]] { ((json["error"] as? [String: Any])?["fields"] as? [[String: String]]) ?? [] }
}

/// A page as served, with helpers to read values out of it.
struct HTMLResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let html: String

    /// The text inside the element with this id (first match, tags inside removed).
    func text(id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        guard let open = html[start.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = html[html.index(after: open)...]
        guard let close = rest.range(of: "</") else { return nil }
        return String(rest[..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    func contains(_ fragment: String) -> Bool { html.contains(fragment) }
}

/// The application over a real SQLite file with the demo configuration and the demo users (password "secret-pass"),
/// the clock pinned at `Fixtures.now`.
struct WebHarness {
    static let password = "secret-pass"

    /// - Parameter postgres: on the test PostgreSQL server (`MASHANG_TEST_POSTGRES_URL`) instead of a SQLite file; by
    ///   default, as `MASHANG_TEST_WEB_DATABASE` says (`TestDatabases.webOnPostgres`).
    static func run(
        clock: @escaping @Sendable () -> Date = { Fixtures.now }, configuration: AppConfiguration = AppConfiguration(),
        testing: TestingSetup = .router, postgres: Bool = TestDatabases.webOnPostgres,
        _ test: @escaping @Sendable (WebClient) async throws -> Void
    ) async throws {
        let body: @Sendable (MashangDatabase) async throws -> Void = { database in
            try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
            let passwords = PasswordHasher(cost: 4)
            let hash = try await passwords.hash(password)
            for user in DemoReference.users {
                _ = try await database.accounts.createAccount(
                    username: user.username, passwordHash: hash, displayName: user.displayName,
                    organization: user.organization, role: user.role, department: user.department)
            }
            let dependencies = try await AppDependencies.load(stores: database.stores, clock: clock, passwords: passwords)
            let hotspots = HotspotCache()
            let router = buildRouter(configuration: configuration, dependencies: dependencies, hotspots: hotspots)
            let routes = router.routes.map { "\($0.method.rawValue) \($0.path)" }
            let app = Application(router: router, services: [hotspots])
            try await app.test(testing) { client in
                try await test(WebClient(client: client, database: database, routes: routes, clock: clock))
            }
        }
        if postgres { try await TestDatabases.withPostgres(body) } else { try await TestDatabases.withSQLite(body) }
    }
}

struct WebClient: Sendable {
    let client: any TestClientProtocol
    /// The database behind the application, for checking what is stored.
    let database: MashangDatabase
    /// Every route of the application, `METHOD /path/:parameter`.
    var routes: [String] = []
    /// The application's clock, for the administrators' one-time codes.
    var clock: @Sendable () -> Date = { Fixtures.now }
    /// The administrators' authenticator apps: their secrets and the codes they have used.
    let authenticators = Authenticators()

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, body: [String: Any]? = nil, raw: String? = nil,
        token: String? = nil, language: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var headers = extra
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let language { headers[.acceptLanguage] = language }
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)) }
        if let raw { buffer = ByteBuffer(string: raw) }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let data = Data(response.body.readableBytesView)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return JSONResponse(status: response.status, headers: response.headers, json: json)
        }
    }

    /// A page request; `form` is sent URL-encoded, as a browser does.
    func page(
        _ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil, language: String? = nil,
        cookie: String? = nil
    ) async throws -> HTMLResponse {
        var headers: HTTPFields = [:]
        if let language { headers[.acceptLanguage] = language }
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(
                string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            HTMLResponse(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
    }

    func token(_ username: String) async throws -> String {
        var body: [String: Any] = ["username": username, "password": WebHarness.password]
        if let account = try await database.accounts.account(username: username), SecondFactor.isRequired(for: account.role) {
            body["code"] = try await oneTimeCode(username)
        }
        let response = try await request(.post, "/api/v1/auth/token", body: body)
        return try #require(response["token"] as? String, "login of \(username) failed: \(response.json)")
    }

    /// A public QR submission of a leaking roof at 江钻小区; returns its number.
    func submitLeak(key: String? = nil) async throws -> JSONResponse {
        var headers: HTTPFields = [:]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await request(
            .post, "/api/v1/intake",
            body: [
                "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                "description": "三栋顶楼屋顶漏水，雨天滴水严重", "requester": ["name": "王华", "phone": "13812345678"],
            ], headers: headers)
    }

    func act(_ number: String, _ action: String, _ body: [String: Any] = [:], as token: String, language: String? = nil) async throws
        -> JSONResponse
    {
        try await request(.post, "/api/v1/tickets/\(number)/\(action)", body: body, token: token, language: language)
    }
}
