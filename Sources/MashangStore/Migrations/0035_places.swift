extension Migrations {
    /// Areas get a boundary (GeoJSON text, WGS-84) and intake points a location, so that requests with coordinates can
    /// be placed (issue 23). Tickets keep theirs in the creation event.
    static let places = Migration(name: "0035_places") { flavor in
        let number = flavor == .postgres ? "DOUBLE PRECISION" : "REAL"
        return [
            "ALTER TABLE areas ADD COLUMN boundary TEXT",
            "ALTER TABLE intake_points ADD COLUMN latitude \(number)",
            "ALTER TABLE intake_points ADD COLUMN longitude \(number)",
        ]
    }
}
