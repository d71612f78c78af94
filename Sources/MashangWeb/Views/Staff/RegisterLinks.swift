import MashangCore
import MashangServices

/// Links that open a register record prefilled from elsewhere.
enum RegisterLinks {
    /// 风险联防: a hotspot alert registered as a risk, with its place and category filled in.
    static func newRisk(from hotspot: Hotspot, names: Names) -> String {
        let title = names.area(hotspot.area) + " " + names.category(hotspot.category)
        return
            "/staff/risks/new?area=\(StaffPagesController.encode(hotspot.area))&category=\(StaffPagesController.encode(hotspot.category))"
            + "&title=\(StaffPagesController.encode(title))&place=\(StaffPagesController.encode(names.area(hotspot.area)))"
    }
}
