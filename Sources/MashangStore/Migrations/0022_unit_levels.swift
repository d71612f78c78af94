extension Migrations {
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
}
