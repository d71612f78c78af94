import MashangCore
import MashangServices

/// Reference names in the page's language.
struct Names {
    let reference: ReferenceData
    let language: Language

    private func pick(_ chinese: String?, _ english: String?, _ code: String) -> String {
        (language == .en ? english : chinese) ?? code
    }

    func organization(_ code: String?) -> String {
        guard let code else { return "" }
        let organization = reference.organization(code)
        return pick(organization?.name, organization?.nameEn, code)
    }

    func department(_ code: String?) -> String {
        guard let code else { return "" }
        let department = reference.department(code)
        return pick(department?.name, department?.nameEn, code)
    }

    func category(_ code: String) -> String {
        let category = reference.category(code)
        return pick(category?.name, category?.nameEn, code)
    }

    func area(_ code: String) -> String {
        let area = reference.area(code)
        return pick(area?.name, area?.nameEn, code)
    }
}
