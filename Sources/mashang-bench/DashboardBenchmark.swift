import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MashangCore
import MashangServices
import MashangStore
import MashangWeb
import NIOCore

/// The figures at volume: how fast the rollups catch up with tickets loaded in bulk, then the whole dashboard page
/// for a year (joint centre and one organisation), the figures API and a monthly report, rendered through the full
/// router (authentication, SQL, charts, templates) without a socket.
struct DashboardBenchmark {
    let database: MashangDatabase
    let loaded: Int

    func run() async throws -> [Measurement] {
        var results: [Measurement] = []
        let pending = try await database.figures.lag()
        FileHandle.standardError.write(Data("  figures benchmark: folding \(pending) tickets into the rollups\n".utf8))
        let (counted, catchUp) = try await measure { try await database.figures.refreshAll(batch: 2000) }
        if pending > 0 {
            results.append(
                Measurement(
                    name: "figures catch-up @ \(loaded.formatted())",
                    value: String(format: "%.0f tickets/s", Double(counted) / catchUp.seconds),
                    target: "—", notes: String(format: "%d changed tickets folded into the rollups in %.1f s", pending, catchUp.seconds)))
        }
        let passwords = PasswordHasher(cost: 4)
        let hash = try await passwords.hash("bench-password-1")
        for user in DemoReference.users where ["joint.leader", "gh.leader"].contains(user.username) {
            _ = try? await database.accounts.createAccount(
                username: user.username, passwordHash: hash, displayName: user.displayName,
                organization: user.organization, role: user.role, department: user.department)
        }
        let dependencies = try await AppDependencies.load(stores: database.stores, passwords: passwords)
        var quiet = Logger(label: "mashang-bench")
        quiet.logLevel = .warning
        let hotspots = HotspotCache()
        let app = Application(
            router: buildRouter(configuration: AppConfiguration(), dependencies: dependencies, hotspots: hotspots),
            services: [hotspots], logger: quiet)
        let today = ChinaDay(Date())
        let year = "from=\(today.addingMonths(-12).adding(1))&to=\(today)"
        let month = String(today.addingMonths(-1).description.prefix(7))
        results += try await app.test(.router) { client in
            var results: [Measurement] = []
            for user in ["joint.leader", "gh.leader"] {
                let cookie = try await client.execute(
                    uri: "/staff/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "username=\(user)&password=bench-password-1&next=/staff")
                ) { response in
                    response.headers[.setCookie]?.split(separator: ";").first.map(String.init) ?? ""
                }
                let token = try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username":"\#(user)","password":"bench-password-1"}"#)
                ) { response in
                    String(buffer: response.body).split(separator: "\"").drop { $0 != "token" }.dropFirst(2).first.map(String.init) ?? ""
                }
                let pages: [(String, String)] = [
                    ("dashboard, one year", "/staff/dashboard?\(year)"), ("figures API, one year", "/api/v1/figures?\(year)"),
                    ("monthly report", "/staff/reports/month?month=\(month)"),
                ]
                for (name, uri) in pages {
                    var timings: [Double] = []
                    var bytes = 0
                    for run in 0..<16 {
                        let (size, elapsed) = try await measure {
                            try await client.execute(
                                uri: uri, method: .get,
                                headers: uri.hasPrefix("/api/") ? [.authorization: "Bearer \(token)"] : [.cookie: cookie]
                            ) { response in
                                precondition(response.status == .ok, "\(uri): \(response.status)")
                                return response.body.readableBytes
                            }
                        }
                        bytes = size
                        if run == 0 && uri.hasPrefix("/staff/dashboard") {
                            // Let the background clustering finish, so the timed runs see a warm hotspot cache.
                            for _ in 0..<120 {
                                let pending = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                                    String(buffer: response.body).contains("rising-pending")
                                }
                                if !pending { break }
                                try await Task.sleep(for: .milliseconds(500))
                            }
                        }
                        if run == 0 {
                            results.append(
                                Measurement(
                                    name: "\(name) (\(user), first) @ \(loaded.formatted())",
                                    value: String(format: "%.1f ms", elapsed.milliseconds), target: "≤ 300 ms",
                                    notes: "first request (a cold hotspot cache: the page waits at most 150 ms for the clustering)"))
                        } else {
                            timings.append(elapsed.milliseconds)
                        }
                    }
                    timings.sort()
                    results.append(
                        Measurement(
                            name: "\(name) (\(user)) @ \(loaded.formatted())", value: String(format: "%.1f ms", timings[timings.count / 2]),
                            target: "≤ 300 ms", notes: String(format: "median of 15, max %.1f ms; %d bytes", timings.last!, bytes)))
                }
            }
            return results
        }
        return results
    }
}
