import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MashangChannels
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import NIOCore
import Synchronization
import Testing

/// The two SMS clouds' adapters against fake gateways on this machine that check what the real ones check: the
/// signature (computed here independently, from the providers' documented algorithms), the key, the template and
/// its values, and answer as the real ones do.
struct SMSGatewayTests {
    static let templates: [MessagePurpose: String] = Dictionary(
        uniqueKeysWithValues: MessagePurpose.allCases.enumerated().map { ($0.element, "SMS_10\($0.offset)") })

    /// What a fake gateway took in, in order.
    final class Received: Sendable {
        private let state = Mutex([[String: String]]())
        var all: [[String: String]] { state.withLock { $0 } }
        func add(_ fields: [String: String]) { state.withLock { $0.append(fields) } }
    }

    // MARK: - Alibaba Cloud

    /// RFC 3986 encoding byte by byte, as Alibaba Cloud's signature documentation describes it.
    static func aliyunEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let character = Character(UnicodeScalar(byte))
            if byte < 128, character.isLetter || character.isNumber || "-_.~".contains(character) {
                out.append(character)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func aliyunGateway(secret: String, received: Received) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { request, _ -> Response in
            var fields: [String: String] = [:]
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                fields[parts[0].removingPercentEncoding!] = (parts.count > 1 ? parts[1] : "").removingPercentEncoding!
            }
            let given = fields.removeValue(forKey: "Signature") ?? ""
            let canonical = fields.keys.sorted().map { aliyunEncode($0) + "=" + aliyunEncode(fields[$0]!) }.joined(separator: "&")
            let toSign = "GET&%2F&" + aliyunEncode(canonical)
            let expected = Data(
                HMAC<Insecure.SHA1>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: Data((secret + "&").utf8)))
            ).base64EncodedString()
            func answer(_ object: [String: String]) -> Response {
                let body = try! JSONSerialization.data(withJSONObject: object)
                return Response(status: object["Code"] == "OK" ? .ok : .badRequest, body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
            guard given == expected, fields["SignatureMethod"] == "HMAC-SHA1", fields["SignatureVersion"] == "1.0" else {
                return answer(["Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation."])
            }
            received.add(fields)
            return answer(["Code": "OK", "Message": "OK", "BizId": "biz-\(received.all.count)", "RequestId": UUID().uuidString])
        }
        return router
    }

    static func message(_ purpose: MessagePurpose = .received, values: [String: String] = [:]) -> RenderedMessage {
        RenderedMessage(
            outboxID: 42, purpose: purpose, address: "13812345678", text: "您的诉求已受理", values: values, language: "zh-Hans")
    }

    @Test func aliyunSendsASignedRequestWithTheTemplateAndItsValues() async throws {
        let received = Received()
        let app = Application(router: Self.aliyunGateway(secret: "test-secret", received: received))
        try await app.test(.live) { client in
            let endpoint = URL(string: "http://127.0.0.1:\(client.port!)/")!
            let sender = AliyunSMS(
                account: .init(
                    accessKeyID: "test-id", accessKeySecret: "test-secret", signName: "码上就办", templates: Self.templates, endpoint: endpoint)
            )
            let id = try await sender.send(
                Self.message(values: [
                    "number": "MS-2026-000001", "code": "ABCD2345", "trackURL": "https://m.example.cn/track?number=MS-2026-000001",
                ]))
            #expect(id == "biz-1")
            let fields = try #require(received.all.first)
            #expect(fields["Action"] == "SendSms" && fields["Version"] == "2017-05-25" && fields["AccessKeyId"] == "test-id")
            #expect(fields["PhoneNumbers"] == "13812345678" && fields["SignName"] == "码上就办" && fields["OutId"] == "42")
            #expect(fields["TemplateCode"] == Self.templates[.received])
            let values = try JSONSerialization.jsonObject(with: Data(fields["TemplateParam"]!.utf8)) as? [String: String]
            #expect(
                values == ["number": "MS-2026-000001", "code": "ABCD2345", "trackURL": "https://m.example.cn/track?number=MS-2026-000001"])

            // A wrong secret is refused by the gateway, and the refusal says why (not the number, not the text).
            let wrong = AliyunSMS(
                account: .init(
                    accessKeyID: "test-id", accessKeySecret: "other", signName: "码上就办", templates: Self.templates, endpoint: endpoint))
            do {
                _ = try await wrong.send(Self.message())
                Issue.record("a wrongly signed request was accepted")
            } catch let refusal as ProviderRefused {
                #expect(refusal.code == "SignatureDoesNotMatch" && !refusal.description.contains("13812345678"))
            }
            #expect(received.all.count == 1)
        }
    }

    // MARK: - Tencent Cloud

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func tencentGateway(secretKey: String, received: Received) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            func header(_ name: String) -> String { request.headers[HTTPField.Name(name)!] ?? "" }
            let authorization = header("Authorization")
            // TC3-HMAC-SHA256 Credential=ID/DAY/sms/tc3_request, SignedHeaders=…, Signature=…
            let parts = Dictionary(
                uniqueKeysWithValues: authorization.dropFirst("TC3-HMAC-SHA256 ".count).components(separatedBy: ", ").map {
                    let pair = $0.split(separator: "=", maxSplits: 1).map(String.init)
                    return (pair[0], pair.count > 1 ? pair[1] : "")
                })
            let credential = (parts["Credential"] ?? "").split(separator: "/").map(String.init)
            let day = credential.count == 4 ? credential[1] : ""
            let canonical = """
                POST
                /

                content-type:\(header("Content-Type"))
                host:\(request.head.authority ?? "")
                x-tc-action:\(header("X-TC-Action").lowercased())

                content-type;host;x-tc-action
                \(hex(SHA256.hash(data: body)))
                """
            let toSign =
                "TC3-HMAC-SHA256\n\(header("X-TC-Timestamp"))\n\(day)/sms/tc3_request\n\(hex(SHA256.hash(data: Data(canonical.utf8))))"
            var key = SymmetricKey(data: Data(("TC3" + secretKey).utf8))
            for step in [day, "sms", "tc3_request"] {
                key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(step.utf8), using: key)))
            }
            let expected = hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
            func answer(_ response: [String: Any]) -> Response {
                let data = try! JSONSerialization.data(withJSONObject: ["Response": response])
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            guard parts["Signature"] == expected, parts["SignedHeaders"] == "content-type;host;x-tc-action",
                header("X-TC-Action") == "SendSms", header("X-TC-Version") == "2021-01-11"
            else {
                return answer(["Error": ["Code": "AuthFailure.SignatureFailure", "Message": "signature mismatch"], "RequestId": "r"])
            }
            let json = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            received.add([
                "phone": (json["PhoneNumberSet"] as? [String])?.first ?? "", "app": json["SmsSdkAppId"] as? String ?? "",
                "sign": json["SignName"] as? String ?? "", "template": json["TemplateId"] as? String ?? "",
                "params": (json["TemplateParamSet"] as? [String] ?? []).joined(separator: "|"),
                "session": json["SessionContext"] as? String ?? "",
                "region": header("X-TC-Region"),
            ])
            return answer([
                "SendStatusSet": [
                    ["SerialNo": "serial-\(received.all.count)", "PhoneNumber": "+8613812345678", "Code": "Ok", "Message": "send success"]
                ],
                "RequestId": "r",
            ])
        }
        return router
    }

    @Test func tencentSendsASignedRequestWithTheTemplatesValuesInOrder() async throws {
        let received = Received()
        let app = Application(router: Self.tencentGateway(secretKey: "test-key", received: received))
        try await app.test(.live) { client in
            let endpoint = URL(string: "http://127.0.0.1:\(client.port!)/")!
            func sender(_ key: String) -> TencentSMS {
                TencentSMS(
                    account: .init(
                        secretID: "AKID-test", secretKey: key, appID: "1400000001", signName: "码上就办", templates: Self.templates,
                        region: "ap-guangzhou", endpoint: endpoint))
            }
            let id = try await sender("test-key").send(
                Self.message(
                    .replied, values: ["number": "MS-2026-000001", "organization": "广华街道办事处", "rateURL": "https://m.example.cn/r/x"]))
            #expect(id == "serial-1")
            #expect(
                received.all == [
                    [
                        "phone": "+8613812345678", "app": "1400000001", "sign": "码上就办", "template": Self.templates[.replied]!,
                        "params": "MS-2026-000001|广华街道办事处|https://m.example.cn/r/x", "session": "42", "region": "ap-guangzhou",
                    ]
                ])
            await #expect(throws: ProviderRefused.self) { _ = try await sender("wrong-key").send(Self.message()) }
            #expect(received.all.count == 1)
        }
    }

    // MARK: - Configuration and the whole way

    static func smsEnvironment(_ endpoint: String) -> [String: String] {
        [
            "MASHANG_SMS_PROVIDER": "aliyun", "MASHANG_SMS_KEY_ID": "test-id", "MASHANG_SMS_KEY_SECRET": "test-secret",
            "MASHANG_SMS_SIGN_NAME": "码上就办", "MASHANG_SMS_ENDPOINT": endpoint,
            "MASHANG_SMS_TEMPLATES": Self.templates.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ","),
        ]
    }

    @Test func aGatewayNamedWithoutWhatItNeedsStopsTheStart() throws {
        func problems(_ environment: [String: String]) -> [String] {
            do {
                _ = try AppConfiguration.from(
                    environment: environment, host: "127.0.0.1", port: 8080, database: .sqlite(directory: "./data"), seedDemoData: false)
                return []
            } catch let error as ConfigurationError {
                return error.problems
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems(Self.smsEnvironment("https://sms.intranet/")).isEmpty)
        #expect(problems(["MASHANG_SMS_KEY_ID": "x"]) == ["MASHANG_SMS_KEY_ID: set MASHANG_SMS_PROVIDER too, or leave them unset"])
        var environment = Self.smsEnvironment("http://sms.example.cn/")
        environment["MASHANG_SMS_TEMPLATES"] = "received=SMS_1"
        environment["MASHANG_SMS_KEY_SECRET"] = nil
        let found = problems(environment)
        #expect(found.contains("MASHANG_SMS_KEY_SECRET: required with MASHANG_SMS_PROVIDER=aliyun"))
        #expect(found.contains { $0.hasPrefix("MASHANG_SMS_TEMPLATES: no template for dispatched") })
        // Plain http only to this machine: a gateway elsewhere would see the number in clear.
        #expect(found.contains { $0.hasPrefix("MASHANG_SMS_ENDPOINT=") })
        #expect(
            try AppConfiguration.from(
                environment: Self.smsEnvironment("http://127.0.0.1:9/"), host: "127.0.0.1", port: 8080,
                database: .sqlite(directory: "./data"), seedDemoData: false
            ).messageSenders.map(\.channel) == [.sms])
    }

    @Test func quietHoursAndTheDailyCapAreSettings() throws {
        func rules(_ environment: [String: String]) throws -> DeliveryRules {
            try AppConfiguration.from(
                environment: environment, host: "127.0.0.1", port: 8080, database: .sqlite(directory: "./data"), seedDemoData: false
            ).deliveryRules
        }
        #expect(try rules([:]) == DeliveryRules())
        let custom = try rules(["MASHANG_SMS_QUIET_HOURS": "21:30-07:00", "MASHANG_SMS_DAILY_CAP": "3"])
        #expect(custom.quietFrom == 21 * 60 + 30 && custom.quietUntil == 7 * 60 && custom.dailyCap == 3)
        let night = Date(timeIntervalSince1970: 1_796_311_800)  // 2026-12-03 23:30 China time
        let none = try rules(["MASHANG_SMS_QUIET_HOURS": "off"])
        #expect(custom.isQuiet(night) && !none.isQuiet(night))
        for bad in [["MASHANG_SMS_QUIET_HOURS": "25:00-08:00"], ["MASHANG_SMS_QUIET_HOURS": "22:00"], ["MASHANG_SMS_DAILY_CAP": "0"]] {
            #expect(throws: ConfigurationError.self) { try rules(bad) }
        }
    }

    @Test func aResidentsRequestReachesTheGatewayWithItsNumberAndTrackingCode() async throws {
        let received = Received()
        let gateway = Application(router: Self.aliyunGateway(secret: "test-secret", received: received))
        try await gateway.test(.live) { client in
            let configuration = try AppConfiguration.from(
                environment: Self.smsEnvironment("http://127.0.0.1:\(client.port!)/"), host: "127.0.0.1", port: 8080,
                database: .sqlite(directory: "./data"), seedDemoData: false)
            try await WebHarness.run { web in
                let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak + [("smsConsent", "1")])
                let number = try #require(receipt.text(id: "ticket-number"))
                let code = try #require(receipt.text(id: "tracking-code"))
                let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { Fixtures.now })
                let dispatcher = MessageDispatcher(
                    dependencies: dependencies, senders: configuration.messageSenders, publicURL: "https://mashang.example.cn")
                #expect(try await dispatcher.deliverOnce().report.sent == 1)
                let fields = try #require(received.all.first)
                #expect(fields["PhoneNumbers"] == "13812345678")
                let values = try JSONSerialization.jsonObject(with: Data(fields["TemplateParam"]!.utf8)) as? [String: String]
                #expect(values?["number"] == number && values?["code"] == code)
                let sent = try #require(try await web.database.outbox.messages(ofTicket: number).first)
                #expect(sent.status == .sent && fields["OutId"] == String(sent.id))
            }
        }
    }
}
