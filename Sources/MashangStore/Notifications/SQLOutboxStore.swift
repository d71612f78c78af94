import Foundation
import MashangCore
import SQLKit

/// `OutboxStore` over SQL: `outbox_messages`, one row per event, purpose and channel (`dedup_key` is unique, so a
/// message is owed once however often its event's write is retried).
public struct SQLOutboxStore: OutboxStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    /// Writes the messages an event owes inside the event's own transaction: pending and due at once, or withheld. Returns
    /// how many were new (a message already owed is left as it is).
    @discardableResult
    static func insert(_ messages: [OutboundMessage], at date: Date, on database: any SQLDatabase) async throws -> Int {
        var inserted = 0
        for message in messages {
            let row = try await database.raw(
                """
                INSERT INTO outbox_messages (\(unsafeRaw: insertColumns)) VALUES (\(binds: try values(message, at: date)))
                ON CONFLICT (dedup_key) DO NOTHING RETURNING id
                """
            ).first()
            if row != nil { inserted += 1 }
        }
        return inserted
    }

    /// The columns a new message's row is written with, in `values`' order.
    static let insertColumns = """
        dedup_key, ticket, event_sequence, purpose, channel, language, variables, urgent, status, withheld, attempts,
        next_attempt_at, created_at, recipient, occasion
        """

    /// A new message's row, pending (or withheld) and due at once.
    static func values(_ message: OutboundMessage, at date: Date) throws -> [any Encodable & Sendable] {
        let variables = String(decoding: try SQLTicketStore.encoder.encode(message.variables), as: UTF8.self)
        let status: OutboxEntry.Status = message.withheld == nil ? .pending : .withheld
        return [
            message.deduplicationKey, message.ticket, message.eventSequence, message.purpose.rawValue, message.channel.rawValue,
            message.language, variables, message.urgent ? 1 : 0, status.rawValue, message.withheld?.rawValue, 0,
            StoreTime.milliseconds(date), StoreTime.milliseconds(date), message.recipient.key, message.occasion,
        ]
    }

    public func enqueue(_ messages: [OutboundMessage], at date: Date) async throws -> Int {
        guard !messages.isEmpty else { return 0 }
        return try await backend.write { database in try await Self.insert(messages, at: date, on: database) }
    }

    static let columns: SQLQueryString = """
        id, ticket, event_sequence, purpose, channel, language, variables, urgent, status, withheld, attempts, next_attempt_at,
        last_error, created_at, sent_at, recipient, occasion
        """

    static func entry(_ row: any SQLRow) throws -> OutboxEntry {
        func value<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
            let text = try row.decode(column: column, as: String.self)
            return try T(rawValue: text).orThrow(CorruptRow(column: column, value: text))
        }
        let withheld = try row.decode(column: "withheld", as: String?.self)
        let message = OutboundMessage(
            purpose: try value("purpose", as: MessagePurpose.self), channel: try value("channel", as: MessageChannel.self),
            ticket: try row.decode(column: "ticket", as: String.self),
            eventSequence: try row.decode(column: "event_sequence", as: Int.self),
            variables: try JSONDecoder().decode(
                [String: String].self, from: Data(try row.decode(column: "variables", as: String.self).utf8)),
            language: try row.decode(column: "language", as: String.self), urgent: try row.decode(column: "urgent", as: Int.self) != 0,
            withheld: withheld.flatMap(OutboxEntry.Withheld.init(rawValue:)),
            recipient: try MessageRecipient(key: try row.decode(column: "recipient", as: String.self))
                .orThrow(CorruptRow(column: "recipient", value: "")),
            occasion: try row.decode(column: "occasion", as: String.self))
        return OutboxEntry(
            id: try row.decode(column: "id", as: Int64.self), message: message, status: try value("status", as: OutboxEntry.Status.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: StoreTime.date(try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: StoreTime.date(try row.decode(column: "created_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(StoreTime.date))
    }

    public func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxEntry] {
        let skipLocked: SQLQueryString = backend.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.write { database in
            try await database.raw(
                """
                UPDATE outbox_messages SET next_attempt_at = \(bind: StoreTime.milliseconds(now.addingTimeInterval(lease)))
                WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= \(bind: StoreTime.milliseconds(now))
                             ORDER BY next_attempt_at, id LIMIT \(literal: limit)\(skipLocked))
                RETURNING \(Self.columns)
                """
            ).all().map(Self.entry).sorted { $0.id < $1.id }
        }
    }

    public func markSending(_ id: Int64, until: Date) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE outbox_messages SET status = 'sending', next_attempt_at = \(bind: StoreTime.milliseconds(until))
                WHERE id = \(bind: id) AND status = 'pending' RETURNING id
                """
            ).first() != nil
        }
    }

    public func expireInFlight(at now: Date) async throws -> Int {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE outbox_messages SET status = 'dead', attempts = attempts + 1,
                    last_error = 'outcome unknown: the sending node stopped before the gateway answered'
                WHERE status = 'sending' AND next_attempt_at <= \(bind: StoreTime.milliseconds(now))
                RETURNING id
                """
            ).all().count
        }
    }

    public func markSent(_ id: Int64, providerID: String?, at date: Date) async throws {
        try await update(
            """
            UPDATE outbox_messages SET status = 'sent', attempts = attempts + 1, sent_at = \(bind: StoreTime.milliseconds(date)),
                provider_id = \(bind: providerID), last_error = NULL WHERE id = \(bind: id)
            """)
    }

    public func markFailed(_ id: Int64, error: String, retryAt: Date?) async throws {
        try await update(
            """
            UPDATE outbox_messages SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                status = \(bind: retryAt == nil ? "dead" : "pending"), next_attempt_at = \(bind: StoreTime.milliseconds(retryAt ?? Date()))
            WHERE id = \(bind: id)
            """)
    }

    public func postpone(_ id: Int64, until date: Date) async throws {
        try await update(
            "UPDATE outbox_messages SET status = 'pending', next_attempt_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: id)")
    }

    public func withhold(_ id: Int64, reason: OutboxEntry.Withheld) async throws {
        try await update("UPDATE outbox_messages SET status = 'withheld', withheld = \(bind: reason.rawValue) WHERE id = \(bind: id)")
    }

    public func switchChannel(_ id: Int64, to channel: MessageChannel) async throws {
        try await update("UPDATE outbox_messages SET channel = \(bind: channel.rawValue) WHERE id = \(bind: id) AND status = 'pending'")
    }

    public func resend(_ id: Int64, at date: Date) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE outbox_messages SET status = 'pending', withheld = NULL, attempts = 0, last_error = NULL,
                    next_attempt_at = \(bind: StoreTime.milliseconds(date))
                WHERE id = \(bind: id) AND (status = 'dead' OR (status = 'withheld' AND withheld = 'noChannel'))
                RETURNING id
                """
            ).first() != nil
        }
    }

    public func messages(ofTicket number: String) async throws -> [OutboxEntry] {
        try await backend.read { database in
            try await database.raw("SELECT \(Self.columns) FROM outbox_messages WHERE ticket = \(bind: number) ORDER BY id").all()
                .map(Self.entry)
        }
    }

    public func recent(status: OutboxEntry.Status?, limit: Int) async throws -> [OutboxEntry] {
        let filter: SQLQueryString = status.map { "WHERE status = \(bind: $0.rawValue)" } ?? ""
        return try await backend.read { database in
            try await database.raw("SELECT \(Self.columns) FROM outbox_messages \(filter) ORDER BY id DESC LIMIT \(literal: limit)").all()
                .map(Self.entry)
        }
    }

    public func sentToSamePhone(asTicket number: String, since date: Date) async throws -> Int {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT COUNT(*) AS n FROM outbox_messages o JOIN tickets t ON t.number = o.ticket
                WHERE o.status = 'sent' AND o.channel = 'sms' AND o.recipient = 'requester' AND o.sent_at >= \(bind: StoreTime.milliseconds(date))
                  AND t.requester_phone_hash = (SELECT requester_phone_hash FROM tickets WHERE number = \(bind: number))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func pendingCount() async throws -> Int {
        try await backend.read { database in
            try await database.raw("SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'pending'").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func issueRatingLink(digest: String, ticket: String, outboxID: Int64, expiresAt: Date, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM rating_links WHERE outbox_id = \(bind: outboxID)").run()
            try await database.raw(
                """
                INSERT INTO rating_links (digest, ticket, outbox_id, created_at, expires_at)
                VALUES (\(bind: digest), \(bind: ticket), \(bind: outboxID), \(bind: StoreTime.milliseconds(date)),
                    \(bind: StoreTime.milliseconds(expiresAt)))
                """
            ).run()
        }
    }

    public func ratingLink(digest: String) async throws -> RatingLink? {
        try await backend.read { database in
            try await database.raw("SELECT ticket, expires_at, used_at FROM rating_links WHERE digest = \(bind: digest)").first().map {
                RatingLink(
                    ticket: try $0.decode(column: "ticket", as: String.self),
                    expiresAt: StoreTime.date(try $0.decode(column: "expires_at", as: Int64.self)),
                    usedAt: try $0.decode(column: "used_at", as: Int64?.self).map(StoreTime.date))
            }
        }
    }

    public func useRatingLink(digest: String, at date: Date) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE rating_links SET used_at = \(bind: StoreTime.milliseconds(date)) WHERE digest = \(bind: digest) AND used_at IS NULL
                RETURNING digest
                """
            ).first() != nil
        }
    }

    private func update(_ query: SQLQueryString) async throws {
        try await backend.write { database in try await database.raw(query).run() }
    }
}
