extension Migrations {
    /// 2026-11: reference data, accounts, tickets with their event history, visibility parties and search index.
    static let createCoreSchema = Migration(name: "0001_core_schema") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        let withoutRowID = flavor == .sqlite ? " WITHOUT ROWID" : ""
        var statements = [
            """
            CREATE TABLE organizations (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
                kind TEXT NOT NULL, position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE departments (code TEXT PRIMARY KEY, organization TEXT NOT NULL REFERENCES organizations(code),
                name TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE categories (code TEXT PRIMARY KEY, parent TEXT, name TEXT NOT NULL, name_en TEXT NOT NULL,
                allows_anonymous INTEGER NOT NULL, position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE areas (code TEXT PRIMARY KEY, parent TEXT, name TEXT NOT NULL, name_en TEXT NOT NULL,
                position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE intake_points (code TEXT PRIMARY KEY, area TEXT NOT NULL REFERENCES areas(code),
                name TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE dispatch_rules (code TEXT PRIMARY KEY, category TEXT, area TEXT, kind TEXT,
                keywords TEXT NOT NULL, organization TEXT NOT NULL, department TEXT, position INTEGER NOT NULL)
            """,
            """
            CREATE TABLE accounts (id \(serial), username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
                display_name TEXT NOT NULL, organization TEXT NOT NULL, role TEXT NOT NULL, department TEXT,
                active INTEGER NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (digest TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
                expires_at BIGINT NOT NULL)
            """,
            "CREATE TABLE ticket_counters (year INTEGER PRIMARY KEY, last_value BIGINT NOT NULL)",
            """
            CREATE TABLE tickets (id \(serial), number TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
                channel TEXT NOT NULL, kind TEXT NOT NULL, category TEXT NOT NULL, area TEXT NOT NULL,
                intake_point TEXT, urgency TEXT NOT NULL, tier TEXT NOT NULL, lead_org TEXT NOT NULL,
                department TEXT, description TEXT NOT NULL, requester_name TEXT, requester_phone TEXT,
                tracking_code TEXT, satisfaction TEXT, received_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                closed_at BIGINT, version INTEGER NOT NULL\(flavor == .postgres ? ", search_terms TEXT[] NOT NULL" : ""))
            """,
            // Lists are ordered by id, newest first; on SQLite every index ends with the rowid, so an equality
            // filter on an index's columns is read in list order and the first page stops after 50 entries.
            "CREATE INDEX tickets_lead_status ON tickets (lead_org, status\(flavor == .postgres ? ", id" : ""))",
            "CREATE INDEX tickets_status ON tickets (status\(flavor == .postgres ? ", id" : ""))",
            "CREATE INDEX tickets_received ON tickets (received_at)",
            "CREATE INDEX tickets_category ON tickets (category\(flavor == .postgres ? ", id" : ""))",
            "CREATE INDEX tickets_area ON tickets (area\(flavor == .postgres ? ", id" : ""))",
            "CREATE INDEX tickets_department ON tickets (department, status\(flavor == .postgres ? ", id" : ""))",
            """
            CREATE TABLE ticket_events (ticket_id BIGINT NOT NULL REFERENCES tickets(id), sequence INTEGER NOT NULL,
                type TEXT NOT NULL, actor TEXT NOT NULL, actor_org TEXT, occurred_at BIGINT NOT NULL,
                payload TEXT NOT NULL, PRIMARY KEY (ticket_id, sequence))\(withoutRowID)
            """,
            """
            CREATE TABLE ticket_parties (party TEXT NOT NULL, ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                PRIMARY KEY (party, ticket_id))\(withoutRowID)
            """,
            "CREATE INDEX ticket_parties_ticket ON ticket_parties (ticket_id)",
            """
            CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                created_at BIGINT NOT NULL)
            """,
        ]
        switch flavor {
        case .sqlite:
            // Contentless: the terms are derived from tickets.description, which is never edited.
            statements.append("CREATE VIRTUAL TABLE ticket_search USING fts5(terms, content='', tokenize='unicode61')")
        case .postgres:
            statements.append("CREATE INDEX tickets_search ON tickets USING GIN (search_terms)")
        }
        return statements
    }
}
