extension Migrations {
    /// Areas get a boundary (GeoJSON text, WGS-84) and intake points a location, so that requests with coordinates can
    /// be placed; tickets keep theirs in the creation event. A ticket may get a public text edited by staff, shown in
    /// place of its description de-identified by rule (issue 23).
    static let places = Migration(name: "0035_places") { flavor in
        let number = flavor == .postgres ? "DOUBLE PRECISION" : "REAL"
        return [
            "ALTER TABLE areas ADD COLUMN boundary TEXT",
            "ALTER TABLE intake_points ADD COLUMN latitude \(number)",
            "ALTER TABLE intake_points ADD COLUMN longitude \(number)",
            """
            CREATE TABLE ticket_public_texts (ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id), text TEXT NOT NULL,
                set_by TEXT NOT NULL, set_at BIGINT NOT NULL)
            """,
        ]
    }
}
