extension Migrations {
    /// 停用: organisations, departments, categories, areas and intake points can be retired — kept for history and
    /// figures, offered no more.
    static let retiredReference = Migration(name: "0025_retired_reference") { _ in
        ["organizations", "departments", "categories", "areas", "intake_points"].map { "ALTER TABLE \($0) ADD COLUMN retired_on TEXT" }
    }
}
