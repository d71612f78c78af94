import Foundation
import MashangCore
/// The schema history, oldest first.
enum Migrations {
    static let all: [Migration] = [createCoreSchema, createSessions, createPhotos, addNextDue, createAuditLog, sealContacts,
                                   secureAccounts, createCalendar, addSweepAt, createNotifications,
                                   createWebhooks, createSupervisionSettings, createStoreTasks, createFigures, createCommonIssues, createExemplaryCases,
                                   createRegisters, createIntegrations, widenListIndexes, truthfulFigures, mergedInto, unitLevels,
                                   conductRollups, sentByOrganizations, retiredReference]

    /// 停用: organisations, departments, categories, areas and intake points can be retired — kept for history and
    /// figures, offered no more.
    static let retiredReference = Migration(name: "0025_retired_reference") { _ in
        ["organizations", "departments", "categories", "areas", "intake_points"].map { "ALTER TABLE \($0) ADD COLUMN retired_on TEXT" }
    }

    /// 我单位派出: an organisation that dispatched a ticket to another keeps seeing it, read-only, through a `sent:`
    /// party. Existing tickets take theirs from their dispatch events (the dispatching user's organisation, when it is
    /// not the organisation the ticket went to), as `TicketState.sentBy` folds them.
    static let sentByOrganizations = Migration(name: "0024_sent_by_organizations") { flavor in
        let target = flavor == .sqlite ? "json_extract(payload, '$.data.organization')" : "(payload::jsonb -> 'data' ->> 'organization')"
        return [
            """
            INSERT INTO ticket_parties (party, ticket_id)
            SELECT DISTINCT 'sent:' || actor_org, ticket_id FROM ticket_events
            WHERE type = 'dispatched' AND actor_org IS NOT NULL AND actor_org <> \(target)
            """,
        ]
    }

    /// Conduct rollups: what each ticket adds to the conduct figures per day and unit, and its replies for the
    /// boilerplate check, kept by the figures refresher so the conduct page no longer reads a bounded number of
    /// histories. Every ticket's facts are looked at again, which writes its marks.
    static let conductRollups = Migration(name: "0023_conduct_rollups") { flavor in
        let withoutRowID = flavor == .sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE conduct_marks (ticket_id BIGINT NOT NULL REFERENCES tickets(id), day INTEGER NOT NULL,
                organization TEXT NOT NULL, department TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, day, organization, department, kind))\(withoutRowID)
            """,
            "CREATE INDEX conduct_marks_day ON conduct_marks (day, organization, kind)",
            """
            CREATE TABLE conduct_replies (ticket_id BIGINT NOT NULL REFERENCES tickets(id), sequence INTEGER NOT NULL,
                day INTEGER NOT NULL, organization TEXT NOT NULL, PRIMARY KEY (ticket_id, sequence))\(withoutRowID)
            """,
            "CREATE INDEX conduct_replies_day ON conduct_replies (day, organization)",
            "UPDATE ticket_facts SET recheck_at = 0",
        ]
    }

    /// 分级化解: every unit carries a level, and a request counts at the level of the unit that resolved it. Organisations
    /// take theirs from their kind; departments inherit it unless set. The demo's stations and police squads are 基层.
    /// Every ticket's tier is counted again.
    static let unitLevels = Migration(name: "0022_unit_levels") { _ in
        [
            "ALTER TABLE organizations ADD COLUMN level TEXT",
            "ALTER TABLE departments ADD COLUMN level TEXT",
            "UPDATE organizations SET level = CASE WHEN kind = 'joint' THEN 'joint' ELSE 'organization' END",
            "UPDATE departments SET level = 'grassroots' WHERE code IN ('gh-environment', 'police-traffic', 'police-patrol')",
            "UPDATE ticket_facts SET recheck_at = 0",
        ]
    }

    /// The ticket a merged one joined, so that its reply reaches every merged requester in the same transaction.
    /// Existing merged tickets take it from their last `merged` event.
    static let mergedInto = Migration(name: "0021_merged_into") { flavor in
        let into = flavor == .sqlite ? "json_extract(e.payload, '$.data.into')" : "(e.payload::jsonb -> 'data' ->> 'into')"
        let type = flavor == .sqlite ? "json_extract(e.payload, '$.type')" : "(e.payload::jsonb ->> 'type')"
        return [
            "ALTER TABLE tickets ADD COLUMN merged_into TEXT",
            """
            UPDATE tickets SET merged_into = (SELECT \(into) FROM ticket_events e WHERE e.ticket_id = tickets.id AND \(type) = 'merged'
                                              ORDER BY e.sequence DESC LIMIT 1)
            WHERE status = 'merged'
            """,
            "CREATE INDEX tickets_merged_into ON tickets (merged_into) WHERE merged_into IS NOT NULL",
        ]
    }

    /// Truthful figures: ratings recorded by the handling chain (自评) are counted apart, and lateness is worked out from
    /// the limits instead of the sweeper's notices, with the moment a running limit falls due kept so the ticket's facts
    /// are looked at again then. Every ticket's facts are counted afresh by the refresher after this migration.
    static let truthfulFigures = Migration(name: "0020_truthful_figures") { _ in
        let selfRatings = ["self_satisfied", "self_basically_satisfied", "self_unsatisfied"]
        var statements: [String] = []
        for column in selfRatings {
            statements.append("ALTER TABLE ticket_facts ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            statements.append("ALTER TABLE figure_counts ADD COLUMN \(column) BIGINT NOT NULL DEFAULT 0")
            statements.append("ALTER TABLE figure_months ADD COLUMN \(column) BIGINT NOT NULL DEFAULT 0")
        }
        return statements + [
            "ALTER TABLE ticket_facts ADD COLUMN recheck_at BIGINT",
            "CREATE INDEX ticket_facts_recheck ON ticket_facts (recheck_at) WHERE recheck_at IS NOT NULL",
            "DELETE FROM figure_counts",
            "DELETE FROM figure_months",
            "DELETE FROM ticket_facts",
            "UPDATE tickets SET figures_version = 0",
        ]
    }

    /// SQLite: the two indexes most lists are read from also hold the columns lists filter on. A list of one status in
    /// an area (or of an organisation's status in a category) is read in list order from the index, and an entry that
    /// does not match is passed over there, without a seek into the table for each (at 1,000,000 tickets a fifth page
    /// reads some 500 entries for its 20 rows). `id` is named so that the order by id still follows the equality
    /// columns. PostgreSQL keeps its (…, id) indexes: it has no such deferred row lookup to save.
    static let widenListIndexes = Migration(name: "0019_list_filter_indexes") { flavor in
        guard flavor == .sqlite else { return [] }
        return [
            "DROP INDEX tickets_lead_status",
            "CREATE INDEX tickets_lead_status ON tickets (lead_org, status, id, category, area)",
            "DROP INDEX tickets_status",
            "CREATE INDEX tickets_status ON tickets (status, id, lead_org, category, area)",
        ]
    }

    /// Connected systems: API keys scoped to an organisation (only digests stored), and the categories' questions
    /// (JSON), which Open311 publishes as service definitions.
    static let createIntegrations = Migration(name: "0018_integrations") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            "ALTER TABLE categories ADD COLUMN questions TEXT NOT NULL DEFAULT '[]'",
            """
            CREATE TABLE api_keys (id \(serial), name TEXT NOT NULL, organization TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, revoked_at BIGINT, last_used_at BIGINT)
            """,
        ]
    }

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

    /// 典型案例: tickets staff chose for a monthly or annual report (`period` is `2026-02` or `2026`).
    static let createExemplaryCases = Migration(name: "0016_exemplary_cases") { _ in
        ["""
         CREATE TABLE exemplary_cases (period TEXT NOT NULL, number TEXT NOT NULL, note TEXT NOT NULL, chosen_by TEXT NOT NULL,
             chosen_at BIGINT NOT NULL, PRIMARY KEY (period, number))
         """]
    }

    /// Common issues (共性问题) handled once at the source, and their member tickets.
    static let createCommonIssues = Migration(name: "0015_common_issues") { flavor in
        [
            """
            CREATE TABLE common_issues (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), title TEXT NOT NULL,
                category TEXT NOT NULL, area TEXT NOT NULL, organization TEXT NOT NULL, department TEXT, status TEXT NOT NULL,
                answer TEXT, created_by TEXT NOT NULL, created_at BIGINT NOT NULL, answered_by TEXT, answered_at BIGINT)
            """,
            "CREATE INDEX common_issues_organization ON common_issues (organization, created_at)",
            "CREATE INDEX common_issues_created ON common_issues (created_at)",
            """
            CREATE TABLE common_issue_tickets (issue_id BIGINT NOT NULL REFERENCES common_issues(id), position INTEGER NOT NULL,
                number TEXT NOT NULL UNIQUE, PRIMARY KEY (issue_id, position))
            """,
        ]
    }

    /// Figures: one facts row per ticket and per-day counters per scope and dimension, kept up to date by a worker
    /// that picks up tickets whose `figures_version` lags their `version` (a partial index finds them).
    static let createFigures = Migration(name: "0014_figures") { flavor in
        // Written out (not derived from `FigureMeasure`) so that the migration stays frozen.
        let flagNames = ["received", "responded", "responded_on_time", "contacted", "closed", "closed_answered", "closed_unrated",
                         "satisfied", "basically_satisfied", "unsatisfied", "overdue", "bounced"]
        let sums = ["sign_count", "sign_seconds", "contact_count", "contact_seconds", "close_count", "close_seconds"]
        let flags = flagNames.map { "\($0) INTEGER NOT NULL" }.joined(separator: ", ")
        let measures = (flagNames + sums).map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ")
        return [
            "ALTER TABLE tickets ADD COLUMN figures_version INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX tickets_figures_pending ON tickets (id) WHERE figures_version <> version",
            """
            CREATE TABLE ticket_facts (ticket_id BIGINT PRIMARY KEY, version INTEGER NOT NULL, received_day INTEGER NOT NULL,
                channel TEXT NOT NULL, kind TEXT NOT NULL, category TEXT NOT NULL, area TEXT NOT NULL, organization TEXT NOT NULL,
                department TEXT NOT NULL, tier TEXT NOT NULL, scopes TEXT NOT NULL, \(flags),
                sign_seconds BIGINT, contact_seconds BIGINT, close_seconds BIGINT)
            """,
            "CREATE INDEX ticket_facts_day ON ticket_facts (received_day, ticket_id)",
            """
            CREATE TABLE figure_counts (scope TEXT NOT NULL, day INTEGER NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                \(measures), PRIMARY KEY (scope, day, dimension, value))\(flavor == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX figure_counts_series ON figure_counts (scope, dimension, day)",
            // The same per month (`day` holds yyyymm): a year's dashboard adds 12 rows per value instead of 365.
            """
            CREATE TABLE figure_months (scope TEXT NOT NULL, day INTEGER NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                \(measures), PRIMARY KEY (scope, day, dimension, value))\(flavor == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX figure_months_series ON figure_months (scope, dimension, day)",
            "CREATE TABLE figure_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]
    }

    /// One-time data tasks that have finished (so that start-up does not repeat their scans).
    static let createStoreTasks = Migration(name: "0013_store_tasks") { _ in
        ["CREATE TABLE store_tasks (name TEXT PRIMARY KEY, done_at BIGINT NOT NULL)"]
    }

    /// Whole-policy settings of the sweeper: escalation wait and follow-up period.
    static let createSupervisionSettings = Migration(name: "0012_supervision_settings") { _ in
        ["CREATE TABLE supervision_settings (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"]
    }

    /// Webhooks and their outbox: one delivery per notification and active webhook, written with the notification.
    static let createWebhooks = Migration(name: "0011_webhooks") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            "CREATE TABLE webhooks (id \(serial), url TEXT NOT NULL, secret TEXT NOT NULL, active INTEGER NOT NULL, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE webhook_deliveries (id \(serial), webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
                notification_id BIGINT NOT NULL REFERENCES notifications(id), status TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL, last_error TEXT, delivered_at BIGINT)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
        ]
    }

    /// The in-app inbox: notifications written with the event that raised them, addressed to audiences; reads per user.
    static let createNotifications = Migration(name: "0010_notifications") { flavor in
        [
            """
            CREATE TABLE notifications (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), ticket TEXT NOT NULL,
                kind TEXT NOT NULL, details TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE notification_audiences (audience TEXT NOT NULL, notification_id BIGINT NOT NULL REFERENCES notifications(id),
                PRIMARY KEY (audience, notification_id))
            """,
            """
            CREATE TABLE notification_reads (username TEXT NOT NULL, notification_id BIGINT NOT NULL REFERENCES notifications(id),
                PRIMARY KEY (username, notification_id))
            """,
        ]
    }

    /// When the deadline sweeper should next look at a ticket; set to the change time by every write.
    static let addSweepAt = Migration(name: "0009_sweep_at") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN sweep_at BIGINT",
            "UPDATE tickets SET sweep_at = updated_at WHERE status NOT IN ('closed', 'rejected', 'merged')",
            "CREATE INDEX tickets_sweep ON tickets (sweep_at)",
        ]
    }

    /// The working calendar: holiday tables (the official 2025 and 2026 tables shipped as data), office hours per
    /// organisation, time-limit overrides per kind and urgency.
    static let createCalendar = Migration(name: "0008_calendar") { _ in
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var statements = [
            "CREATE TABLE holidays (day TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)",
            "CREATE TABLE holiday_sources (year INTEGER PRIMARY KEY, source TEXT NOT NULL)",
            "CREATE TABLE office_hours (organization TEXT PRIMARY KEY, sessions TEXT NOT NULL)",
            """
            CREATE TABLE time_limits (kind TEXT NOT NULL, urgency TEXT NOT NULL, sign_for_hours DOUBLE PRECISION NOT NULL,
                first_contact_hours DOUBLE PRECISION NOT NULL, resolve_days INTEGER NOT NULL, warn_share DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (kind, urgency))
            """,
        ]
        // Constants of this program, not input: spliced as quoted literals.
        statements += OfficialHolidays.entries.map { entry in
            "INSERT INTO holidays (day, kind, name) VALUES (\(quoted(entry.day)), \(quoted(entry.kind.rawValue)), \(quoted(entry.name)))"
        }
        statements += OfficialHolidays.sources.sorted { $0.key < $1.key }.map { year, source in
            "INSERT INTO holiday_sources (year, source) VALUES (\(year), \(quoted(source)))"
        }
        return statements
    }

    /// Sign-in lockout with back-off, and scoped API tokens.
    static let secureAccounts = Migration(name: "0007_account_security") { _ in
        [
            "ALTER TABLE accounts ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE accounts ADD COLUMN locked_until BIGINT",
            "ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write'",
        ]
    }

    /// Phones leave the projection (they are kept sealed in the creation event); a keyed hash takes their place
    /// for search.
    static let sealContacts = Migration(name: "0006_seal_contacts") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN requester_phone_hash TEXT",
            "UPDATE tickets SET requester_phone = NULL",
            "CREATE INDEX tickets_phone_hash ON tickets (requester_phone_hash)",
        ]
    }

    /// 2026-11: the append-only audit log.
    static let createAuditLog = Migration(name: "0005_audit_log") { flavor in
        [
            """
            CREATE TABLE audit_log (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), at BIGINT NOT NULL,
                actor TEXT NOT NULL, organization TEXT, action TEXT NOT NULL, subject TEXT NOT NULL, address TEXT NOT NULL,
                detail TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_at ON audit_log (at)",
            "CREATE INDEX audit_log_action ON audit_log (action, at)",
        ]
    }

    /// 2026-11: the earliest due date of a ticket's open tasks, for "due soon" and "overdue" on the desk. Tickets
    /// untouched since get it with their next action.
    static let addNextDue = Migration(name: "0004_next_due") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN next_due TEXT",
            "CREATE INDEX tickets_next_due ON tickets (next_due)",
        ]
    }

    /// 2026-11: photos attached to public requests, kept in the database so that backups and several nodes see them.
    static let createPhotos = Migration(name: "0003_photos") { flavor in
        [
            """
            CREATE TABLE ticket_photos (ticket_id BIGINT NOT NULL REFERENCES tickets(id), position INTEGER NOT NULL,
                content_type TEXT NOT NULL, size INTEGER NOT NULL, data \(flavor == .sqlite ? "BLOB" : "BYTEA") NOT NULL,
                PRIMARY KEY (ticket_id, position))
            """,
        ]
    }

    /// 2026-11: browser sessions of the staff pages.
    static let createSessions = Migration(name: "0002_sessions") { _ in
        [
            """
            CREATE TABLE sessions (digest TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
                csrf_token TEXT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
        ]
    }

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
