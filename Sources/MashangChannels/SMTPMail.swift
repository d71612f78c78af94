import Foundation
import MashangCore
import NIOCore
import NIOPosix
import NIOSSL

/// E-mail to staff over SMTP (RFC 5321): implicit TLS (`smtps://`, port 465), STARTTLS (`smtp://`, port 587, required
/// unless the server is on this machine) and AUTH PLAIN when a user is given. The message is UTF-8 text, base64
/// encoded, with an RFC 2047 subject. One connection per message: alerts are few, and a failed one retries cleanly.
public struct SMTPMail: MessageSender {
    public struct Account: Sendable {
        public enum Security: String, Sendable {
            /// TLS from the first byte (`smtps://`).
            case implicitTLS
            /// Plain, upgraded with STARTTLS before anything else is said (`smtp://`).
            case startTLS
            /// Plain throughout: only to a server on this machine (a local relay, a test double).
            case none
        }

        public var host: String
        public var port: Int
        public var security: Security
        public var user: String?
        public var password: String?
        public var from: String

        public init(host: String, port: Int, security: Security, user: String?, password: String?, from: String) {
            self.host = host
            self.port = port
            self.security = security
            self.user = user
            self.password = password
            self.from = from
        }
    }

    public let account: Account
    public var channel: MessageChannel { .email }
    /// The whole conversation is abandoned after this long.
    static let timeout: Duration = .seconds(20)

    public init(account: Account) {
        self.account = account
    }

    public func send(_ message: RenderedMessage) async throws -> String? {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await converse(message) }
            group.addTask {
                try await Task.sleep(for: Self.timeout)
                throw SMTPRefused(code: 0, step: "timeout")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private func converse(_ message: RenderedMessage) async throws -> String? {
        let account = self.account
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: account.host, port: account.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if account.security == .implicitTLS {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: account.host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let underlying = channel.channel
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(lines: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(220, "greeting")
            try await session.command("EHLO mashang", expect: 250)
            if account.security == .startTLS {
                try await session.command("STARTTLS", expect: 220)
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                let handler = try NIOSSLClientHandler(context: context, serverHostname: account.host)
                try await underlying.pipeline.addHandler(handler, position: .first)
                try await session.command("EHLO mashang", expect: 250)
            }
            if let user = account.user {
                let credentials = Data("\u{0}\(user)\u{0}\(account.password ?? "")".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN " + credentials, expect: 235, step: "AUTH")
            }
            try await session.command("MAIL FROM:<\(account.from)>", expect: 250)
            try await session.command("RCPT TO:<\(message.address)>", expect: 250, step: "RCPT")
            try await session.command("DATA", expect: 354)
            let reply = try await session.command(
                Self.content(message, from: account.from) + "\r\n.", expect: 250, step: "message")
            try? await session.command("QUIT", expect: 221)
            // "250 2.0.0 Ok: queued as 4Bx…": what follows the code holds the server's reference.
            return String(reply.prefix(100))
        }
    }

    /// The message as sent after DATA: headers, a blank line and the base64 body, lines that begin with a dot doubled.
    static func content(_ message: RenderedMessage, from: String, date: Date = Date()) -> String {
        let subject = (message.language == "en" ? "Mashang: " : "码上：") + String(message.text.prefix(30))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(message.text.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        let lines = [
            "From: " + from, "To: " + message.address,
            "Subject: =?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?=",
            "Date: " + formatter.string(from: date), "Message-ID: <outbox-\(message.outboxID)@mashang>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", body,
        ]
        return lines.joined(separator: "\r\n").split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }
}

/// The server refused a step (its reply code), or did not answer in time.
public struct SMTPRefused: DeliveryFailure {
    public var code: Int
    public var step: String
    public var safeDescription: String { code == 0 ? "smtp: \(step)" : "smtp refused \(step): \(code)" }
}

/// The lines of one SMTP conversation: commands out, replies (possibly several lines: `250-…` then `250 …`) in.
struct SMTPSession {
    var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var pending: [UInt8] = []

    /// Sends a command and reads its reply; a reply with another code is refused, named by `step` (never by the
    /// command, which may hold the address or credentials).
    @discardableResult
    mutating func command(_ text: String, expect code: Int, step: String? = nil) async throws -> String {
        try await outbound.write(ByteBuffer(string: text + "\r\n"))
        return try await expect(code, step ?? String(text.prefix(4)))
    }

    @discardableResult
    mutating func expect(_ code: Int, _ step: String) async throws -> String {
        while true {
            let line = try await nextLine()
            let reply = Int(line.prefix(3)) ?? 0
            guard reply == code else { throw SMTPRefused(code: reply, step: step) }
            // `250-…` continues, `250 …` (or a bare code) ends the reply.
            if line.count <= 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                return String(line.dropFirst(4))
            }
        }
    }

    mutating func nextLine() async throws -> String {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<end])
                pending.removeFirst(end + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard var buffer = try await lines.next() else { throw SMTPRefused(code: 0, step: "connection closed") }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }
}
