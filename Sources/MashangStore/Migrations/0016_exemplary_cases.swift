extension Migrations {
    /// 典型案例: tickets staff chose for a monthly or annual report (`period` is `2026-02` or `2026`).
    static let createExemplaryCases = Migration(name: "0016_exemplary_cases") { _ in
        [
            """
            CREATE TABLE exemplary_cases (period TEXT NOT NULL, number TEXT NOT NULL, note TEXT NOT NULL, chosen_by TEXT NOT NULL,
                chosen_at BIGINT NOT NULL, PRIMARY KEY (period, number))
            """
        ]
    }
}
