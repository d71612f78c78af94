import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangTesting
import NIOCore
import Testing

/// Mutation fuzzing of the request parsers through the real router: valid JSON and form bodies with bytes flipped,
/// cut, repeated or spliced, sent to the JSON API, the public form, tracking and the staff forms. Every answer is a
/// documented 2xx/3xx/4xx, never a server error, and the server keeps answering.
struct RequestFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["MASHANG_FUZZ_REQUESTS"].flatMap(Int.init) ?? 1_500

    static func mutate(_ seed: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(position...)
            case 2: bytes.insert(contentsOf: Array(bytes[position...].prefix(16)), at: position)
            case 3:
                bytes.insert(
                    contentsOf: Array(
                        ["\\u0000", "\\ud800", "\"", "{", "[", "%", "&=", "\u{FF}", "\\"].randomElement(using: &random)!.utf8), at: position
                )
            case 4: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
            default: bytes.remove(at: position)
            }
        }
        return bytes
    }

    @Test func mutatedBodiesNeverCauseAServerError() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("joint.dispatcher")
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let cookie = try await web.signIn("joint.supervisor")
            let targets: [(path: String, contentType: String, auth: String?, body: String)] = [
                (
                    "/api/v1/intake", "application/json", nil,
                    #"{"intakePoint":"jiangzuan-gate","kind":"complaint","category":"housing.leak","description":"屋顶漏水","requester":{"name":"王华","phone":"13812345678","idNumber":"11010519491231002X"}}"#
                ),
                (
                    "/api/v1/tickets", "application/json", token,
                    #"{"channel":"hotline","kind":"help","category":"elderly","area":"wuqi-grid1","description":"独居老人助餐","requester":{"name":"赵敏","phone":"0728-6543210"}}"#
                ),
                (
                    "/api/v1/tickets/\(number)/dispatch", "application/json", token,
                    #"{"organization":"guanghua-street","department":"gh-construction","assisting":["qianjiang-traffic-police"],"note":"请核实"}"#
                ),
                ("/api/v1/tickets/\(number)/send-back", "application/json", token, #"{"reason":"other","note":"不属于本单位"}"#),
                ("/api/v1/auth/token", "application/json", nil, #"{"username":"nobody","password":"wrong-password","scope":"read"}"#),
                (
                    "/m/jiangzuan-gate", "application/x-www-form-urlencoded", nil,
                    "category=housing.leak&kind=complaint&description=%E5%B1%8B%E9%A1%B6%E6%BC%8F%E6%B0%B4&name=%E7%8E%8B&phone=13812345678"
                ),
                ("/track", "application/x-www-form-urlencoded", nil, "number=\(number)&code=5678"),
                ("/staff/tickets/\(number)/send-back", "application/x-www-form-urlencoded", "cookie", "_csrf=x&reason=other&note=abc"),
            ]
            var random = SeededRandom(seed: 11)
            var statuses: [Int: Int] = [:]
            for index in 0..<Self.iterations {
                let target = targets[index % targets.count]
                let body = Self.mutate(Array(target.body.utf8), &random)
                var headers: HTTPFields = [.contentType: target.contentType]
                if target.auth == "cookie" {
                    headers[.cookie] = cookie
                } else if let auth = target.auth {
                    headers[.authorization] = "Bearer " + auth
                }
                let status = try await web.client.execute(
                    uri: target.path, method: .post, headers: headers,
                    body: .init(bytes: body)
                ) { $0.status.code }
                statuses[status, default: 0] += 1
                #expect(status < 500, "\(target.path) ← \(String(decoding: body, as: UTF8.self).debugDescription): \(status)")
            }
            #expect(try await web.request(.get, "/health").status == .ok)
            print("request fuzz: \(Self.iterations) mutated bodies, statuses \(statuses.sorted { $0.key < $1.key })")
        }
    }
}
