import Foundation
import MashangChannels
import MashangCore
import MashangServices
import MashangWeb
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A fake SMTP server on this machine: it speaks the RFC 5321 conversation, requires AUTH PLAIN with the right
/// credentials before MAIL, refuses one recipient, and keeps each message as received after DATA (dots unstuffed).
final class FakeSMTPServer: Sendable {
    struct Mail: Sendable {
        var from: String
        var to: String
        var content: String
    }

    let user: String
    let password: String
    private let state = Mutex([Mail]())
    var mails: [Mail] { state.withLock { $0 } }

    init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Runs the server while `body` runs, with its port.
    func serving(_ body: (Int) async throws -> Void) async throws {
        try await LoopbackServer.serving(connection: { try await self.converse($0) }, body)
    }

    private func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var pending: [UInt8] = []
            var lines = inbound.makeAsyncIterator()
            func line() async throws -> String? {
                while true {
                    if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let text = String(decoding: pending[..<end], as: UTF8.self)
                        pending.removeFirst(end + 1)
                        return text.hasSuffix("\r") ? String(text.dropLast()) : text
                    }
                    guard var buffer = try await lines.next() else { return nil }
                    pending += buffer.readBytes(length: buffer.readableBytes) ?? []
                }
            }
            func say(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await say("220 fake.example.cn ESMTP")
            var authenticated = false
            var from = "", to = ""
            while let command = try await line() {
                let verb = command.prefix(4).uppercased()
                switch verb {
                case "EHLO": try await say("250-fake.example.cn\r\n250-AUTH PLAIN\r\n250 8BITMIME")
                case "AUTH":
                    let given = Data(base64Encoded: String(command.dropFirst("AUTH PLAIN ".count))).map {
                        String(decoding: $0, as: UTF8.self)
                    }
                    authenticated = given == "\u{0}\(user)\u{0}\(password)"
                    try await say(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid")
                case "MAIL":
                    guard authenticated else { try await say("530 5.7.0 Authentication required"); continue }
                    from = String(command.dropFirst("MAIL FROM:".count))
                    try await say("250 2.1.0 Ok")
                case "RCPT":
                    to = String(command.dropFirst("RCPT TO:".count))
                    try await say(to == "<nobody@example.cn>" ? "550 5.1.1 User unknown" : "250 2.1.5 Ok")
                case "DATA":
                    try await say("354 End data with <CR><LF>.<CR><LF>")
                    var content: [String] = []
                    while let text = try await line(), text != "." {
                        content.append(text.hasPrefix("..") ? String(text.dropFirst()) : text)
                    }
                    let count = state.withLock {
                        $0.append(Mail(from: from, to: to, content: content.joined(separator: "\r\n")))
                        return $0.count
                    }
                    try await say("250 2.0.0 Ok: queued as Q\(count)")
                case "QUIT":
                    try await say("221 2.0.0 Bye")
                    return
                default: try await say("502 5.5.2 Error: command not recognized")
                }
            }
        }
    }
}

/// The SMTP adapter against the fake server: the conversation, the message's headers and body, and refusals that say
/// which step failed without repeating the address.
struct SMTPMailTests {
    static func account(port: Int, password: String = "s3cret") -> SMTPMail.Account {
        SMTPMail.Account(
            host: "127.0.0.1", port: port, security: .none, user: "alerts", password: password, from: "alerts@mashang.example.cn")
    }

    static let message = RenderedMessage(
        outboxID: 31, purpose: .supervisionNotice, address: "li.hua@example.cn",
        text: "督办通知：诉求MS-2026-000007（广华街道办事处）已超过办结时限，请尽快办理。", values: [:], language: "zh-Hans")

    @Test func anAlertIsDeliveredWithItsHeadersAndText() async throws {
        let server = FakeSMTPServer(user: "alerts", password: "s3cret")
        try await server.serving { port in
            let id = try await SMTPMail(account: Self.account(port: port)).send(Self.message)
            #expect(id == "2.0.0 Ok: queued as Q1")
            let mail = try #require(server.mails.first)
            #expect(mail.from == "<alerts@mashang.example.cn>" && mail.to == "<li.hua@example.cn>")
            let parts = mail.content.components(separatedBy: "\r\n\r\n")
            let headers = parts[0].components(separatedBy: "\r\n")
            #expect(headers.contains("To: li.hua@example.cn") && headers.contains("Content-Type: text/plain; charset=UTF-8"))
            #expect(headers.contains("Message-ID: <outbox-31@mashang>"))
            let subject = try #require(headers.first { $0.hasPrefix("Subject: =?UTF-8?B?") })
            let encoded = subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2)
            #expect(String(decoding: Data(base64Encoded: String(encoded))!, as: UTF8.self).hasPrefix("码上：督办通知"))
            let body = Data(base64Encoded: parts[1].replacingOccurrences(of: "\r\n", with: ""))!
            #expect(String(decoding: body, as: UTF8.self) == Self.message.text)
        }
    }

    @Test func refusalsNameTheStepNotTheAddress() async throws {
        let server = FakeSMTPServer(user: "alerts", password: "s3cret")
        try await server.serving { port in
            var unknown = Self.message
            unknown.address = "nobody@example.cn"
            do {
                _ = try await SMTPMail(account: Self.account(port: port)).send(unknown)
                Issue.record("an unknown recipient was accepted")
            } catch let refusal as SMTPRefused {
                #expect(refusal.code == 550 && refusal.safeDescription == "smtp refused RCPT: 550")
            }
            do {
                _ = try await SMTPMail(account: Self.account(port: port, password: "wrong")).send(Self.message)
                Issue.record("wrong credentials were accepted")
            } catch let refusal as SMTPRefused {
                #expect(refusal.code == 535 && !refusal.safeDescription.contains("wrong"))
            }
            #expect(server.mails.isEmpty)
        }
    }

    @Test func theMailServerIsReadFromItsURL() throws {
        func senders(_ environment: [String: String]) throws -> [any MessageSender] {
            try AppConfiguration.from(
                environment: environment, host: "127.0.0.1", port: 8080, database: .sqlite(directory: "./data"), seedDemoData: false
            ).messageSenders
        }
        let mail = try #require(
            try senders(["MASHANG_SMTP_URL": "smtp://alerts:p%40ss@mail.example.cn", "MASHANG_SMTP_FROM": "alerts@example.cn"]).first
                as? SMTPMail)
        #expect(mail.account.security == .startTLS && mail.account.port == 587 && mail.account.password == "p@ss")
        let tls = try #require(
            try senders(["MASHANG_SMTP_URL": "smtps://mail.example.cn", "MASHANG_SMTP_FROM": "alerts@example.cn"]).first as? SMTPMail)
        #expect(tls.account.security == .implicitTLS && tls.account.port == 465 && tls.account.user == nil)
        let local = try #require(
            try senders(["MASHANG_SMTP_URL": "smtp://127.0.0.1:2525", "MASHANG_SMTP_FROM": "alerts@example.cn"]).first as? SMTPMail)
        #expect(local.account.security == .none)
        for bad in [
            ["MASHANG_SMTP_URL": "http://mail.example.cn", "MASHANG_SMTP_FROM": "alerts@example.cn"],
            ["MASHANG_SMTP_URL": "smtps://mail.example.cn"], ["MASHANG_SMTP_FROM": "alerts@example.cn"],
            ["MASHANG_SMTP_URL": "smtps://mail.example.cn", "MASHANG_SMTP_FROM": "not an address"],
            ["MASHANG_WECHAT_APP_ID": "wx-app"],
        ] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try senders(bad) }
        }
    }
}
