import Foundation
import MashangCore
import SQLKit

/// `TicketStore` over SQL: the event history in `ticket_events`, the current state projected into `tickets`,
/// visibility keys in `ticket_parties` and search terms in `ticket_search` (SQLite) or `tickets.search_terms`
/// (PostgreSQL). Every method runs in one transaction.
public struct SQLTicketStore: TicketStore {
    let backend: any SQLBackend
    /// Seals requesters' contacts on the way in and opens them on the way out.
    public let cipher: ContactCipher

    /// Tickets as last loaded, by row id and version: a read checks the version (one row of the projection) and
    /// decodes the history only when it changed.
    let loaded = VersionedCache<Int64, StoredTicket>(capacity: 4_096)

    /// List totals, list rows and new tickets' facts, shared with the figure and common-issue stores.
    let caches: TicketCaches

    public init(backend: any SQLBackend, cipher: ContactCipher, caches: TicketCaches = TicketCaches()) {
        self.backend = backend
        self.cipher = cipher
        self.caches = caches
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public func create(
        _ draft: TicketDraft, by actor: EventActor, at date: Date, idempotencyKey: String?,
        replayWindow: TimeInterval?, photos: [Photo]
    ) async throws -> CreatedTicket {
        let flavor = backend.flavor
        let date = StoreTime.truncated(date)
        // Sealing, hashing and encoding happen here, on the caller's task, not on the single writer.
        let contact = try StoredContact(draft.requester, cipher: cipher)
        let payload = try CreationPayload(draft, contact: contact, flavor: flavor)
        let counts = caches.listCounts
        let (created, id) = try await caches.write(on: backend) { database -> (CreatedTicket, Int64?) in
            if let key = idempotencyKey {
                if flavor == .postgres {
                    // Serialises concurrent submissions of the same key until this transaction ends.
                    try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
                }
                if let row = try await database.raw("SELECT ticket_id, created_at FROM idempotency_keys WHERE key = \(bind: key)").first() {
                    let firstUse = StoreTime.date(try row.decode(column: "created_at", as: Int64.self))
                    if replayWindow.map({ date.timeIntervalSince(firstUse) <= $0 }) ?? true {
                        let id = try row.decode(column: "ticket_id", as: Int64.self)
                        return (CreatedTicket(ticket: try await Self.load(id: id, cipher: cipher, on: database), created: false), nil)
                    }
                    try await database.raw("DELETE FROM idempotency_keys WHERE key = \(bind: key)").run()
                }
            }
            let number = try await Self.nextNumber(for: date, flavor: flavor, on: database)
            let created = TicketChange.Created(number: number, draft: draft)
            let event = TicketEvent(sequence: 1, occurredAt: date, actor: actor, change: .created(created))
            let state = TicketState(created: created, at: date)
            let messages = RequesterMessages.of(event, before: nil, after: state)
            let id: Int64
            if flavor == .postgres {
                id = try await PostgresCreation.insert(
                    state, event: event, contact: contact, creation: payload, messages: messages, idempotencyKey: idempotencyKey,
                    at: date, on: database)
            } else {
                id = try await Self.insert(state, events: [event], flavor: flavor, contact: contact, creation: payload, on: database)
                try await SQLOutboxStore.insert(messages, at: date, on: database)
                if let key = idempotencyKey {
                    try await database.raw(
                        """
                        INSERT INTO idempotency_keys (key, ticket_id, created_at)
                        VALUES (\(bind: key), \(bind: id), \(bind: StoreTime.milliseconds(date)))
                        """
                    ).run()
                }
            }
            counts.ticketsChanged()
            for (index, photo) in photos.enumerated() {
                try await database.raw(
                    """
                    INSERT INTO ticket_photos (ticket_id, position, content_type, size, data)
                    VALUES (\(bind: id), \(bind: index + 1), \(bind: photo.contentType), \(bind: photo.bytes.count), \(bind: Data(photo.bytes)))
                    """
                ).run()
            }
            return (CreatedTicket(ticket: StoredTicket(state: state, events: [event]), created: true), id)
        }
        // A ticket just received runs no time limit yet, so its facts need no calendar; its tier, the level of the unit
        // holding it, is set by the refresher, which has the reference data.
        if let id {
            caches.freshFacts.remember(
                TicketFacts(created.ticket, lateness: .none, tier: .grassroots), for: id, version: created.ticket.state.version)
        }
        return created
    }

    public func ticket(number: String) async throws -> StoredTicket? {
        try await backend.lookup { database in
            guard let row = try await database.raw("SELECT id, version FROM tickets WHERE number = \(bind: number)").first() else {
                return nil
            }
            return try await load(row, on: database)
        }
    }

    /// The ticket of a projection row read with its `id` and `version`: remembered, or loaded and remembered. (A write
    /// between reading the version and the history is harmless: the ticket is remembered under its own version.)
    private func load(_ row: any SQLRow, on database: any SQLDatabase) async throws -> StoredTicket {
        let id = try row.decode(column: "id", as: Int64.self)
        if let known = loaded.value(for: id, version: try row.decode(column: "version", as: Int.self)) { return known }
        let ticket = try await Self.load(id: id, cipher: cipher, on: database)
        loaded.remember(ticket, for: id, version: ticket.state.version)
        return ticket
    }

    /// The number of the ticket an idempotency key created (Open311's tokens are such keys).
    public func ticketNumber(idempotencyKey key: String) async throws -> String? {
        try await backend.lookup { database in
            try await database.raw(
                """
                SELECT t.number FROM idempotency_keys k JOIN tickets t ON t.id = k.ticket_id WHERE k.key = \(bind: key)
                """
            ).first()?.decode(column: "number", as: String.self)
        }
    }

    public func ticket(number: String, trackingCode: String) async throws -> StoredTicket? {
        try await backend.lookup { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT id, version FROM tickets WHERE number = \(bind: number) AND tracking_code = \(bind: trackingCode)
                    """
                ).first()
            else { return nil }
            return try await load(row, on: database)
        }
    }

    public func apply(
        to number: String, mergeTarget: String?, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (TicketState, TicketState?) throws -> TicketChange
    ) async throws -> StoredTicket {
        let applied = try await change(number, mergeTarget: mergeTarget, by: actor, at: date) { ticket, target in
            try decide(ticket.state, target)
        }
        guard let applied else { throw CorruptRow(column: "ticket_events", value: "no change decided for \(number)") }
        return applied
    }

    /// Appends the event `decide` returns, or writes nothing when it returns nil. `decide` sees the whole stored
    /// ticket inside the write (under a row lock on PostgreSQL), so a decision made twice concurrently is made once.
    public func applyIfNeeded(
        to number: String, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (StoredTicket) throws -> TicketChange?
    ) async throws -> StoredTicket? {
        try await change(number, mergeTarget: nil, by: actor, at: date) { ticket, _ in try decide(ticket) }
    }

    private func change(
        _ number: String, mergeTarget: String?, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (StoredTicket, TicketState?) throws -> TicketChange?
    ) async throws -> StoredTicket? {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        let counts = caches.listCounts
        return try await caches.write(on: backend) { database in
            try await Self.change(
                number, mergeTarget: mergeTarget, by: actor, at: date, flavor: flavor, cipher: cipher, counts: counts,
                on: database, decide: decide)
        }
    }

    /// Appends the event `decide` returns to one ticket inside the caller's transaction (nil: writes nothing). When
    /// the change moves the ticket between lists, `counts` forgets its remembered totals (nil: the caller's changes
    /// never do).
    static func change(
        _ number: String, mergeTarget: String?, by actor: EventActor, at date: Date, flavor: SQLFlavor, cipher: ContactCipher,
        counts: ListCounts?, on database: any SQLDatabase, decide: (StoredTicket, TicketState?) throws -> TicketChange?
    ) async throws -> StoredTicket? {
        guard let id = try await Self.ticketID(number: number, lock: flavor == .postgres, on: database) else {
            throw TicketNotFound(number: number)
        }
        let (current, head) = try await Self.loadChained(id: id, cipher: cipher, on: database)
        var target: TicketState?
        if let mergeTarget, let targetID = try await Self.ticketID(number: mergeTarget, lock: false, on: database) {
            target = try await Self.load(id: targetID, cipher: cipher, on: database).state
        }
        guard let change = try decide(current, target) else { return nil }
        let event = TicketEvent(sequence: current.state.version + 1, occurredAt: date, actor: actor, change: change)
        var next = current.state
        next.apply(event)
        if let counts, ListCounts.Membership(current.state) != ListCounts.Membership(next) { counts.ticketsChanged() }
        try await Self.insertEvents([event], ticketID: id, number: number, previousHash: head, sealedRequester: nil, on: database)
        try await SQLNotificationStore.insert(TicketNotification.of(event, before: current.state, after: next), at: date, on: database)
        try await SQLOutboxStore.insert(RequesterMessages.of(event, before: current.state, after: next), at: date, on: database)
        let names = TicketProjection.quotedColumnNames(flavor: flavor)
        let assignments = TicketProjection.columns(next, flavor: flavor, phoneDigest: next.requester.phone.map(cipher.phoneDigest))
            .enumerated()
            .map { index, column in "\(unsafeRaw: names[index]) = \(bind: column.1)" as SQLQueryString }
            .joined(separator: ", ")
        try await database.raw("UPDATE tickets SET \(assignments) WHERE id = \(bind: id)").run()
        let before = current.state.parties, after = next.parties
        let removed = before.subtracting(after), added = after.subtracting(before)
        if !removed.isEmpty {
            try await database.raw(
                """
                DELETE FROM ticket_parties WHERE ticket_id = \(bind: id) AND party IN (\(binds: Array(removed)))
                """
            ).run()
        }
        try await SQLRows.insert(
            into: "ticket_parties", columns: ["party", "ticket_id"],
            rows: added.sorted().map { [$0, id] }, on: database)
        try await answerMerged(into: next.number, change, by: actor, at: date, flavor: flavor, cipher: cipher, counts: counts, on: database)
        return StoredTicket(state: next, events: current.events + [event])
    }

    /// 事事有回音: the answer given on a ticket reaches every ticket merged into it (and those merged into them), in the
    /// same transaction — as the reply its requester rates on their own ticket, or, for a direct answer, the answer.
    static func answerMerged(
        into number: String, _ change: TicketChange, by actor: EventActor, at date: Date, flavor: SQLFlavor,
        cipher: ContactCipher, counts: ListCounts?, on database: any SQLDatabase
    ) async throws {
        let answer: TicketChange
        switch change {
        case .replied(let reply):
            answer = .replied(TicketReply(text: reply.text, contactMethod: reply.contactMethod, via: reply.via ?? number))
        case .answeredAtSource(let source): answer = .replied(TicketReply(text: source.text, contactMethod: .online, via: number))
        case .answered(let answered): answer = .answered(answered)
        default: return
        }
        let members = try await database.raw(
            """
            SELECT number FROM tickets WHERE merged_into = \(bind: number) AND status = 'merged' ORDER BY id
            """
        ).all().map { try $0.decode(column: "number", as: String.self) }
        for member in members {
            _ = try await Self.change(
                member, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher, counts: counts,
                on: database
            ) { ticket, _ in ticket.state.status == .merged ? answer : nil }
        }
    }

    /// Claims up to `limit` tickets whose sweep time has come, moving their sweep time `lease` ahead so that other
    /// nodes pass over them meanwhile (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer).
    public func claimForSweep(at now: Date, lease: TimeInterval, limit: Int) async throws -> [String] {
        let flavor = backend.flavor
        let skipLocked: SQLQueryString = flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await caches.write(on: backend) { database in
            try await database.raw(
                """
                UPDATE tickets SET sweep_at = \(bind: StoreTime.milliseconds(now.addingTimeInterval(lease)))
                WHERE id IN (SELECT id FROM tickets WHERE sweep_at <= \(bind: StoreTime.milliseconds(now))
                             ORDER BY sweep_at LIMIT \(literal: limit)\(skipLocked))
                RETURNING number
                """
            ).all().map { try $0.decode(column: "number", as: String.self) }
        }
    }

    /// Sets when the sweeper looks at a ticket next (nil: not until it changes), unless the ticket changed since the
    /// sweeper read it at `version`; a change has already asked for a new look.
    public func setSweepAt(_ date: Date?, number: String, ifVersion version: Int) async throws {
        try await caches.write(on: backend) { database in
            try await database.raw(
                """
                UPDATE tickets SET sweep_at = \(bind: date.map(StoreTime.milliseconds)) WHERE number = \(bind: number) AND version = \(bind: version)
                """
            ).run()
        }
    }

    public func oldestDueSweep(at now: Date) async throws -> Date? {
        try await backend.read { database in
            let row = try await database.raw(
                """
                SELECT sweep_at FROM tickets WHERE sweep_at <= \(bind: StoreTime.milliseconds(now)) ORDER BY sweep_at LIMIT 1
                """
            ).first()
            return try row.map { StoreTime.date(try $0.decode(column: "sweep_at", as: Int64.self)) }
        }
    }

    /// How many requests were received since a date in a scope (what `recentRequests` reads at most `limit` of).
    public func countRecentRequests(since date: Date, scope: TicketScope) async throws -> Int {
        try await backend.read { database in
            let scoped: SQLQueryString =
                scope.partyKey.map {
                    "AND t.id IN (SELECT ticket_id FROM ticket_parties WHERE party = \(bind: $0))"
                } ?? ""
            let row = try await database.raw(
                """
                SELECT COUNT(*) AS n FROM tickets t WHERE t.received_at >= \(bind: StoreTime.milliseconds(date)) \(scoped)
                """
            ).first()
            return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
        }
    }

    /// The current states of the tickets with these numbers, in the given order (unknown numbers left out).
    public func loadStates(numbers: [String]) async throws -> [TicketState] {
        try await tickets(numbers: numbers).map(\.state)
    }

    /// The tickets with these numbers and their histories, in the given order (unknown numbers left out).
    public func tickets(numbers: [String]) async throws -> [StoredTicket] {
        let cipher = self.cipher
        return try await backend.read { database in
            var ids: [String: Int64] = [:]
            for start in stride(from: 0, to: numbers.count, by: 500) {
                let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
                for row in try await database.raw("SELECT id, number FROM tickets WHERE number IN (\(binds: chunk))").all() {
                    ids[try row.decode(column: "number", as: String.self)] = try row.decode(column: "id", as: Int64.self)
                }
            }
            return try await Self.loadMany(ids: numbers.compactMap { ids[$0] }, cipher: cipher, on: database)
        }
    }

    public func petitions(registeredFrom from: Date?, before: Date?) async throws -> [StoredTicket] {
        let cipher = self.cipher
        var conditions: [SQLQueryString] = ["petition_at IS NOT NULL"]
        if let from { conditions.append("petition_at >= \(bind: StoreTime.milliseconds(from))") }
        if let before { conditions.append("petition_at < \(bind: StoreTime.milliseconds(before))") }
        let filter = conditions.joined(separator: " AND ")
        return try await backend.read { database in
            let ids = try await database.raw("SELECT id FROM tickets WHERE \(filter) ORDER BY petition_at, id").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            return try await Self.loadMany(ids: ids, cipher: cipher, on: database)
        }
    }

    public func petitionNumbers(phoneDigest: String, category: String, registeredBefore date: Date) async throws -> [String] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT number FROM tickets WHERE petition_at < \(bind: StoreTime.milliseconds(date))
                AND requester_phone_hash = \(bind: phoneDigest) AND category = \(bind: category) ORDER BY petition_at, id
                """
            ).all().map { try $0.decode(column: "number", as: String.self) }
        }
    }

    /// Requests received since `date` in the scope, newest first, at most `limit`: the input of hotspot detection.
    public func recentRequests(since date: Date, scope: TicketScope, limit: Int) async throws -> [HotspotDetector.Request] {
        try await backend.read { database in
            let scoped: SQLQueryString =
                scope.partyKey.map {
                    "AND t.id IN (SELECT ticket_id FROM ticket_parties WHERE party = \(bind: $0))"
                } ?? ""
            return try await database.raw(
                """
                SELECT t.number, t.received_at, t.category, t.area, t.description FROM tickets t
                WHERE t.received_at >= \(bind: StoreTime.milliseconds(date)) \(scoped) ORDER BY t.received_at DESC LIMIT \(literal: limit)
                """
            ).all().map { row in
                HotspotDetector.Request(
                    number: try row.decode(column: "number", as: String.self),
                    receivedAt: StoreTime.date(try row.decode(column: "received_at", as: Int64.self)),
                    category: try row.decode(column: "category", as: String.self),
                    area: try row.decode(column: "area", as: String.self),
                    description: try row.decode(column: "description", as: String.self))
            }
        }
    }

    public func tickets(matching query: TicketQuery) async throws -> TicketPage {
        let flavor = backend.flavor
        let pageSize = min(max(1, query.pageSize), TicketQuery.maxBulkPageSize)
        let page = max(1, query.page)
        let counts = caches.listCounts
        let generation = counts.current
        let known = counts.total(for: query)
        // Bounded: one page, and a count that stops after `countLimit` rows.
        let countLimit = query.countLimit
        let summaries = caches.summaries
        let plan = flavor == .sqlite ? SQLiteListPlan(query: query, statistics: try await caches.listStatistics.current(on: backend)) : nil
        let result = try await backend.lookup { database in
            if let plan {
                let found = try await plan.page(
                    offset: (page - 1) * pageSize, size: pageSize, knownTotal: known, countLimit: countLimit, on: database)
                let total = found.total
                return TicketPage(
                    items: try await plan.summaries(of: found.ids, on: database, cache: summaries),
                    total: min(total, countLimit), totalIsLowerBound: total > countLimit, page: page,
                    pageSize: pageSize)
            }
            let selection = TicketFilterSQL.selection(for: query, flavor: flavor)
            let rows: SQLQueryString = """
                SELECT \(TicketProjection.summaryColumns) FROM \(selection.from) WHERE \(selection.filter)
                ORDER BY \(selection.order) LIMIT \(bind: pageSize) OFFSET \(bind: (page - 1) * pageSize)
                """
            let items = try await TicketProjection.summaries(rows, on: database, cache: summaries)
            let total: Int
            if items.count < pageSize && (!items.isEmpty || page == 1) {
                // A short page is the last one: it tells the total without a count.
                total = (page - 1) * pageSize + items.count
            } else if let known {
                total = known
            } else {
                let countRow = try await database.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(selection.from) WHERE \(selection.filter) LIMIT \(literal: countLimit + 1)) counted
                    """
                ).first()
                total = Int(try countRow?.decode(column: "n", as: Int64.self) ?? 0)
            }
            return TicketPage(
                items: items, total: min(total, countLimit), totalIsLowerBound: total > countLimit, page: page,
                pageSize: pageSize)
        }
        if known == nil {
            counts.remember(result.totalIsLowerBound ? countLimit + 1 : result.total, for: query, generation: generation)
        }
        return result
    }

    public func photos(ofTicket number: String) async throws -> [PhotoInfo] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT p.position, p.content_type, p.size FROM ticket_photos p JOIN tickets t ON t.id = p.ticket_id
                WHERE t.number = \(bind: number) ORDER BY p.position
                """
            ).all().map { row in
                PhotoInfo(
                    position: try row.decode(column: "position", as: Int.self),
                    contentType: try row.decode(column: "content_type", as: String.self),
                    size: try row.decode(column: "size", as: Int.self))
            }
        }
    }

    public func photo(ofTicket number: String, position: Int) async throws -> Photo? {
        try await backend.read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT p.content_type, p.data FROM ticket_photos p JOIN tickets t ON t.id = p.ticket_id
                    WHERE t.number = \(bind: number) AND p.position = \(bind: position)
                    """
                ).first()
            else { return nil }
            return Photo(
                contentType: try row.decode(column: "content_type", as: String.self),
                bytes: Array(try row.decode(column: "data", as: Data.self)))
        }
    }

    public func publicTexts(ofTickets numbers: [String]) async throws -> [String: String] {
        guard !numbers.isEmpty else { return [:] }
        return try await backend.read { database in
            var texts: [String: String] = [:]
            for start in stride(from: 0, to: numbers.count, by: 500) {
                let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
                for row in try await database.raw(
                    """
                    SELECT t.number, p.text FROM ticket_public_texts p JOIN tickets t ON t.id = p.ticket_id
                    WHERE t.number IN (\(binds: chunk))
                    """
                ).all() {
                    texts[try row.decode(column: "number", as: String.self)] = try row.decode(column: "text", as: String.self)
                }
            }
            return texts
        }
    }

    public func setPublicText(_ text: String?, ofTicket number: String, by username: String, at date: Date) async throws {
        try await backend.write { database in
            guard let row = try await database.raw("SELECT id FROM tickets WHERE number = \(bind: number)").first() else {
                throw AccessError.notFound
            }
            let id = try row.decode(column: "id", as: Int64.self)
            try await database.raw("DELETE FROM ticket_public_texts WHERE ticket_id = \(bind: id)").run()
            if let text {
                try await database.raw(
                    """
                    INSERT INTO ticket_public_texts (ticket_id, text, set_by, set_at)
                    VALUES (\(bind: id), \(bind: text), \(bind: username), \(bind: StoreTime.milliseconds(date)))
                    """
                ).run()
            }
        }
    }

    public func addPhotos(_ photos: [Photo], toTicket number: String) async throws -> [PhotoInfo] {
        try await backend.write { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT t.id, (SELECT COUNT(*) FROM ticket_photos p WHERE p.ticket_id = t.id) AS n,
                        (SELECT MAX(p.position) FROM ticket_photos p WHERE p.ticket_id = t.id) AS last
                    FROM tickets t WHERE t.number = \(bind: number)
                    """
                ).first()
            else { throw AccessError.notFound }
            let id = try row.decode(column: "id", as: Int64.self)
            let held = Int(try row.decode(column: "n", as: Int64.self))
            guard held + photos.count <= Photo.maxPerTicket else { throw ValidationError("photos", "tooMany") }
            let last = Int(try row.decode(column: "last", as: Int64?.self) ?? 0)
            for (index, photo) in photos.enumerated() {
                try await database.raw(
                    """
                    INSERT INTO ticket_photos (ticket_id, position, content_type, size, data)
                    VALUES (\(bind: id), \(bind: last + index + 1), \(bind: photo.contentType), \(bind: photo.bytes.count), \(bind: Data(photo.bytes)))
                    """
                ).run()
            }
        }
        return try await self.photos(ofTicket: number)
    }

    /// Writes already-built tickets with their whole histories in one transaction (demo data, benchmarks,
    /// imports) and moves the number counters past them.
    public func importTickets(_ tickets: [StoredTicket]) async throws {
        let flavor = backend.flavor
        guard !tickets.isEmpty else { return }
        let contacts = try tickets.map { try StoredContact($0.state.requester, cipher: cipher) }
        let counts = caches.listCounts
        try await caches.write(on: backend) { database in
            counts.ticketsChanged()
            for (ticket, contact) in zip(tickets, contacts) {
                _ = try await Self.insert(ticket.state, events: ticket.events, flavor: flavor, contact: contact, on: database)
            }
            var highest: [Int: Int64] = [:]
            for ticket in tickets {
                let parts = ticket.state.number.split(separator: "-")
                if parts.count == 3, let year = Int(parts[1]), let sequence = Int64(parts[2]) {
                    highest[year] = max(highest[year] ?? 0, sequence)
                }
            }
            let greatest = flavor == .sqlite ? "max" : "GREATEST"
            for (year, sequence) in highest {
                try await database.raw(
                    """
                    INSERT INTO ticket_counters (year, last_value) VALUES (\(bind: year), \(bind: sequence))
                    ON CONFLICT (year) DO UPDATE SET last_value = \(unsafeRaw: greatest)(ticket_counters.last_value, \(bind: sequence))
                    """
                ).run()
                if flavor == .postgres { try await PostgresTicketNumbers.advance(year: year, past: sequence, on: database) }
            }
        }
    }

    /// The last number used in each year.
    public func lastNumbers() async throws -> [Int: Int64] {
        let flavor = backend.flavor
        return try await backend.read { database in
            var numbers: [Int: Int64] = [:]
            for row in try await database.raw("SELECT year, last_value FROM ticket_counters").all() {
                numbers[try row.decode(column: "year", as: Int.self)] = try row.decode(column: "last_value", as: Int64.self)
            }
            if flavor == .postgres {
                numbers.merge(try await PostgresTicketNumbers.last(on: database), uniquingKeysWith: max)
            }
            return numbers
        }
    }

    /// Numbers and writes historical tickets (`mashang import tickets`) in one transaction: each takes the next
    /// number of the year it was received, as a new request would. Returns the numbers in the rows' order.
    public func importNumbered(_ rows: [TicketImport.Row]) async throws -> [String] {
        let flavor = backend.flavor, cipher = self.cipher
        let counts = caches.listCounts
        return try await caches.write(on: backend) { database in
            counts.ticketsChanged()
            var numbers: [String] = []
            for row in rows {
                let ticket = row.numbered(try await Self.nextNumber(for: row.receivedAt, flavor: flavor, on: database))
                _ = try await Self.insert(
                    ticket.state, events: ticket.events, flavor: flavor,
                    contact: try StoredContact(ticket.state.requester, cipher: cipher), on: database)
                numbers.append(ticket.state.number)
            }
            return numbers
        }
    }

    // MARK: - Rows

    /// The next number of the year `date` falls in (China time), taken inside the caller's transaction: from the
    /// year's sequence on PostgreSQL (`PostgresTicketNumbers`), from `ticket_counters` on SQLite.
    static func nextNumber(for date: Date, flavor: SQLFlavor, on database: any SQLDatabase) async throws -> String {
        let year = ChinaTime.year(of: date)
        if flavor == .postgres, let sequence = try await PostgresTicketNumbers.next(year: year, on: database) {
            return TicketNumber.format(year: year, sequence: sequence)
        }
        let counter = try await database.raw(
            """
            INSERT INTO ticket_counters (year, last_value) VALUES (\(bind: year), 1)
            ON CONFLICT (year) DO UPDATE SET last_value = ticket_counters.last_value + 1 RETURNING last_value
            """
        ).first()
        guard let sequence = try counter?.decode(column: "last_value", as: Int64.self) else {
            throw CorruptRow(column: "last_value", value: "")
        }
        return TicketNumber.format(year: year, sequence: sequence)
    }

    static func ticketID(number: String, lock: Bool, on database: any SQLDatabase) async throws -> Int64? {
        let row = try await database.raw("SELECT id FROM tickets WHERE number = \(bind: number)\(unsafeRaw: lock ? " FOR UPDATE" : "")")
            .first()
        return try row?.decode(column: "id", as: Int64.self)
    }

    /// Tickets received in `[from, before)` (either bound optional) with their full histories, in id order after
    /// `afterID`, at most `limit`: the export reads everything in batches. Returns the last id read.
    public func batch(after afterID: Int64, receivedFrom from: Date?, before: Date?, limit: Int) async throws -> (
        tickets: [StoredTicket], lastID: Int64?
    ) {
        let cipher = self.cipher
        return try await backend.read { database in
            var filter: SQLQueryString = "id > \(bind: afterID)"
            if let from { filter = filter + " AND received_at >= \(bind: StoreTime.milliseconds(from))" }
            if let before { filter = filter + " AND received_at < \(bind: StoreTime.milliseconds(before))" }
            let ids = try await database.raw("SELECT id FROM tickets WHERE \(filter) ORDER BY id LIMIT \(literal: limit)").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            return (try await Self.loadMany(ids: ids, cipher: cipher, on: database), ids.last)
        }
    }

    static func load(id: Int64, cipher: ContactCipher, on database: any SQLDatabase) async throws -> StoredTicket {
        try await loadChained(id: id, cipher: cipher, on: database).ticket
    }

    /// Many tickets with their histories in one query per 500, in the order of `ids`.
    static func loadMany(ids: [Int64], cipher: ContactCipher, on database: any SQLDatabase) async throws -> [StoredTicket] {
        try await loadChained(ids: ids, cipher: cipher, on: database).map(\.ticket)
    }

    /// One ticket with the hash of its last event, which the next event is chained to.
    static func loadChained(id: Int64, cipher: ContactCipher, on database: any SQLDatabase) async throws -> (
        ticket: StoredTicket, head: String
    ) {
        guard let loaded = try await loadChained(ids: [id], cipher: cipher, on: database).first else {
            throw CorruptRow(column: "ticket_events", value: "ticket \(id)")
        }
        return loaded
    }

    private static func loadChained(ids: [Int64], cipher: ContactCipher, on database: any SQLDatabase) async throws -> [(
        ticket: StoredTicket, head: String
    )] {
        let decoder = JSONDecoder()
        var eventsByTicket: [Int64: [TicketEvent]] = [:]
        var heads: [Int64: String] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try await database.raw(
                """
                SELECT ticket_id, sequence, actor, actor_org, occurred_at, payload, hash FROM ticket_events
                WHERE ticket_id IN (\(binds: chunk)) ORDER BY ticket_id, sequence
                """
            ).all()
            for row in rows {
                let event = TicketEvent(
                    sequence: try row.decode(column: "sequence", as: Int.self),
                    occurredAt: StoreTime.date(try row.decode(column: "occurred_at", as: Int64.self)),
                    actor: EventActor(
                        username: try row.decode(column: "actor", as: String.self),
                        organization: try row.decode(column: "actor_org", as: String?.self)),
                    change: try cipher.opened(
                        decoder.decode(TicketChange.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))))
                let id = try row.decode(column: "ticket_id", as: Int64.self)
                eventsByTicket[id, default: []].append(event)
                heads[id] = try row.decode(column: "hash", as: String?.self)
            }
        }
        return try ids.map { id in
            let events = eventsByTicket[id] ?? []
            guard let state = TicketState.fold(events) else { throw CorruptRow(column: "ticket_events", value: "ticket \(id)") }
            return (StoredTicket(state: state, events: events), heads[id] ?? "")
        }
    }

    /// Inserts the projection row, the events, the parties and the search terms; returns the new row id.
    /// `creation`, when given, is the new ticket's payload prepared before the write (its draft must be the creation
    /// event's).
    static func insert(
        _ state: TicketState, events: [TicketEvent], flavor: SQLFlavor, contact: StoredContact,
        creation: CreationPayload? = nil, on database: any SQLDatabase
    ) async throws -> Int64 {
        let columns = TicketProjection.columns(state, flavor: flavor, phoneDigest: contact.phoneDigest)
        let names = TicketProjection.quotedColumnNames(flavor: flavor).joined(separator: ", ")
        let row = try await database.raw(
            """
            INSERT INTO tickets (\(unsafeRaw: names)) VALUES (\(binds: columns.map(\.1))) RETURNING id
            """
        ).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
        try await insertEvents(
            events, ticketID: id, number: state.number, previousHash: "", sealedRequester: contact.sealedRequester, creation: creation,
            on: database)
        try await SQLRows.insert(
            into: "ticket_parties", columns: ["party", "ticket_id"],
            rows: state.parties.sorted().map { [$0, id] }, on: database)
        if flavor == .sqlite {
            let terms = creation?.searchTerms ?? CreationPayload.searchTerms(of: state.description)
            let insert: SQLQueryString = "INSERT INTO ticket_search (rowid, terms) VALUES (\(bind: id), \(bind: terms))"
            if let writer = database as? any BatchEndWriter {
                writer.atBatchEnd(insert)
            } else {
                try await database.raw(insert).run()
            }
        }
        return id
    }

    /// Writes events; a creation event is stored with `sealedRequester` in place of the requester (from `creation`'s
    /// encoded draft when given).
    static func insertEvents(
        _ events: [TicketEvent], ticketID: Int64, number: String, previousHash: String, sealedRequester: Requester?,
        creation: CreationPayload? = nil, on database: any SQLDatabase
    ) async throws {
        let rows = try eventValues(
            events, number: number, previousHash: previousHash, sealedRequester: sealedRequester, creation: creation
        ).map { [ticketID] + $0 }
        try await SQLRows.insert(into: "ticket_events", columns: ["ticket_id"] + eventColumns, rows: rows, on: database)
    }

    /// The columns of an event row after `ticket_id`.
    static let eventColumns = ["sequence", "type", "actor", "actor_org", "occurred_at", "payload", "content_digest", "prev_hash", "hash"]

    /// The values of each event's row for `eventColumns`; the creation event's contact is the sealed one. Each row is
    /// chained to the one before it, the first to `previousHash` (the ticket's last stored event, empty for a new
    /// ticket).
    static func eventValues(
        _ events: [TicketEvent], number: String, previousHash: String, sealedRequester: Requester?, creation: CreationPayload? = nil
    ) throws -> [[any Encodable & Sendable]] {
        var previous = previousHash
        return try events.map { event in
            var change = event.change
            var payload: String?
            if case .created(var created) = change {
                guard let sealedRequester else { throw CorruptRow(column: "payload", value: "creation event without a sealed contact") }
                if let creation {
                    payload = try creation.event(number: created.number)
                } else {
                    created.draft.requester = sealedRequester
                    change = .created(created)
                }
            }
            let stored = try payload ?? String(decoding: encoder.encode(change), as: UTF8.self)
            let occurredAt = StoreTime.milliseconds(event.occurredAt)
            let content = ChainHash.content(stored)
            let hash = ChainHash.event(
                prev: previous, number: number, sequence: event.sequence, type: event.change.type, actor: event.actor.username,
                actorOrg: event.actor.organization, occurredAt: occurredAt, contentDigest: content)
            defer { previous = hash }
            return [
                event.sequence, event.change.type, event.actor.username, event.actor.organization, occurredAt, stored, content,
                previous, hash,
            ]
        }
    }
}
