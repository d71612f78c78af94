extension Migrations {
    /// The registers of the mechanism's other arms (mediation, risks, sentiment reports, households, commendations,
    /// outreach), their histories and linked tickets; law-related tickets; the legal reception day's months, slots
    /// and bookings. Personal fields are sealed inside `fields`; booking names and phones are sealed columns.
    static let createRegisters = Migration(name: "0017_registers") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            """
            CREATE TABLE register_records (id \(serial), register TEXT NOT NULL, organization TEXT NOT NULL, parties TEXT NOT NULL,
                status TEXT NOT NULL, title TEXT NOT NULL, day TEXT NOT NULL, quantity INTEGER NOT NULL, unique_key TEXT UNIQUE,
                fields TEXT NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX register_records_list ON register_records (register, id)",
            "CREATE INDEX register_records_day ON register_records (register, day)",
            """
            CREATE TABLE register_events (record_id BIGINT NOT NULL REFERENCES register_records(id), sequence INTEGER NOT NULL,
                kind TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, actor TEXT NOT NULL, actor_org TEXT,
                occurred_at BIGINT NOT NULL, day TEXT NOT NULL, quantity INTEGER NOT NULL, fields TEXT NOT NULL,
                PRIMARY KEY (record_id, sequence))
            """,
            "CREATE INDEX register_events_figures ON register_events (kind, name, day)",
            """
            CREATE TABLE register_tickets (number TEXT NOT NULL, record_id BIGINT NOT NULL REFERENCES register_records(id),
                PRIMARY KEY (number, record_id))
            """,
            """
            CREATE TABLE law_related_tickets (number TEXT PRIMARY KEY, source TEXT NOT NULL, organization TEXT NOT NULL,
                day TEXT NOT NULL)
            """,
            "CREATE TABLE reception_days (month TEXT PRIMARY KEY, day TEXT, set_by TEXT NOT NULL)",
            """
            CREATE TABLE reception_slots (id \(serial), month TEXT NOT NULL, judge TEXT NOT NULL, organization TEXT NOT NULL,
                starts TEXT NOT NULL, ends TEXT NOT NULL, place TEXT NOT NULL, capacity INTEGER NOT NULL)
            """,
            "CREATE INDEX reception_slots_month ON reception_slots (month, starts)",
            """
            CREATE TABLE reception_bookings (id \(serial), slot_id BIGINT NOT NULL REFERENCES reception_slots(id),
                month TEXT NOT NULL, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, phone TEXT NOT NULL, phone_digest TEXT NOT NULL,
                topic TEXT NOT NULL, status TEXT NOT NULL, ticket TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX reception_bookings_slot ON reception_bookings (slot_id)",
            "CREATE INDEX reception_bookings_phone ON reception_bookings (month, phone_digest)",
        ]
    }
}
