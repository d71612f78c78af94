import Foundation
import MashangCore
import MashangServices

/// Labels and form fields of the registers, in the page's language: field labels under `register.<kind>.field.<name>`,
/// statuses, entries and actions under `register.<kind>.status|entry|action.<name>`, choices under
/// `register.choice.<code>`.
struct RegisterViews {
    let kind: RegisterKind
    let messages: Messages
    let language: Language
    let names: Names

    struct Fact {
        let label: String
        let value: String
        /// Ticket numbers shown as links.
        let tickets: [String]
        let multiline: Bool
    }

    struct Field {
        let fieldName: String
        let id: String
        let label: String
        let value: String
        let required: Bool
        let error: String?
        let options: [Option]
        let isTextarea, isSelect, isCheckboxes, isCheckbox, isInput: Bool
        /// The `<input type>` of plain inputs.
        let type: String
        let maxLength: String?
        /// A consent box ticked before (when the form comes back with errors); stored, as templates read stored properties.
        var checked = false
    }

    struct Option {
        let code: String
        let name: String
        let selected: Bool
    }

    func text(_ key: String) -> String { messages.text(key, language) }
    func text(_ key: String, _ arguments: [String: String]) -> String { messages.text(key, language, arguments) }
    func title() -> String { text("register.\(kind.rawValue).title") }
    func label(_ field: String) -> String { text("register.\(kind.rawValue).field.\(field)") }
    func status(_ status: String) -> String { text("register.\(kind.rawValue).status.\(status)") }
    func entry(_ name: String) -> String { text("register.\(kind.rawValue).entry.\(name)") }
    func action(_ name: String) -> String { text("register.\(kind.rawValue).action.\(name)") }
    func choice(_ code: String) -> String { text("register.choice.\(code)") }

    /// A value as it reads on a page.
    func display(_ value: RegisterValue?, _ type: RegisterFieldType) -> String {
        guard let value else { return "" }
        switch type {
        case .choice, .choices: return value.list.map(choice).joined(separator: "、")
        case .organization, .organizations: return value.list.map { names.organization($0) }.joined(separator: "、")
        case .area: return names.area(value.plain)
        case .category: return names.category(value.plain)
        case .consent: return text("register.consentGiven")
        case .entry: return "#\(value.plain)"
        default: return value.plain
        }
    }

    /// A record's name in lists and headings (pass the masked record to those who may not reveal it), or its number.
    func title(of record: RegisterRecord) -> String {
        let schema = kind.schema
        guard !record.title.isEmpty, let field = schema.field(schema.titleField) else { return "#\(record.id)" }
        return display(record.fields[field.name], field.type)
    }

    func facts(_ fields: RegisterFields, specs: [RegisterField]) -> [Fact] {
        specs.compactMap { spec in
            guard let value = fields[spec.name] else { return nil }
            let isTickets = spec.type == .ticket || spec.type == .tickets
            return Fact(
                label: label(spec.name), value: isTickets ? "" : display(value, spec.type), tickets: isTickets ? value.list : [],
                multiline: {
                    if case .longText = spec.type { return true }; return false
                }())
        }
    }

    /// Form fields for these specifications, with submitted values and errors (by field name).
    func form(
        _ specs: [RegisterField], prefix: String, values: [String: [String]] = [:], errors: [String: String] = [:],
        history: [RegisterEvent] = []
    ) -> [Field] {
        let data = names.reference
        return specs.map { spec in
            let current = values[spec.name] ?? []
            func options(_ pairs: [(String, String)], blank: Bool) -> [Option] {
                (blank ? [Option(code: "", name: "—", selected: false)] : [])
                    + pairs.map { Option(code: $0.0, name: $0.1, selected: current.contains($0.0)) }
            }
            var type = "text", maxLength: String?
            var choices: [Option] = []
            var select = false, checkboxes = false, checkbox = false, textarea = false
            switch spec.type {
            case .text(let max): maxLength = String(max)
            case .longText(let max): textarea = true; maxLength = String(max)
            case .date: type = "date"
            case .time: type = "time"
            case .month: type = "month"
            case .number: type = "number"
            case .phone: type = "tel"
            case .ticket, .tickets: type = "text"
            case .entry(let kind):
                // The earlier entries it may name (an answer names its question).
                select = true
                choices = options(
                    history.filter { $0.kind == .entry && $0.name == kind }.map {
                        (String($0.sequence), "#\($0.sequence) " + String(($0.fields["text"]?.plain ?? entry(kind)).prefix(40)))
                    }, blank: true)
            case .consent: checkbox = true
            case .choice(let codes):
                select = true; choices = options(codes.map { ($0, choice($0)) }, blank: !spec.required || current.isEmpty)
            case .choices(let codes): checkboxes = true; choices = options(codes.map { ($0, choice($0)) }, blank: false)
            case .organization:
                select = true
                choices = options(data.organizations.map { ($0.code, names.organization($0.code)) }, blank: current.isEmpty)
            case .organizations:
                checkboxes = true
                choices = options(data.organizations.map { ($0.code, names.organization($0.code)) }, blank: false)
            case .area:
                select = true
                choices = options(
                    data.areas.map {
                        (
                            String($0.code),
                            String(repeating: "— ", count: max(0, data.areaTree.depth(of: $0.code) - 1))
                                + names.area($0.code)
                        )
                    }, blank: true)
            case .category:
                select = true
                choices = options(data.categories.map { ($0.code, ($0.parent == nil ? "" : "— ") + names.category($0.code)) }, blank: true)
            }
            return Field(
                fieldName: spec.name, id: "\(prefix)-\(spec.name)", label: label(spec.name), value: current.first ?? "",
                required: spec.required, error: errors[spec.name], options: choices, isTextarea: textarea, isSelect: select,
                isCheckboxes: checkboxes, isCheckbox: checkbox, isInput: !(textarea || select || checkboxes || checkbox),
                type: type, maxLength: maxLength, checked: checkbox && !(current.first ?? "").isEmpty)
        }
    }

    /// One message per field of a validation error, labelled with the register's own field names.
    func errors(_ error: ValidationError) -> [String: String] {
        var result: [String: String] = [:]
        for field in error.fields where result[field.name] == nil {
            let label =
                messages.optionalText("register.\(kind.rawValue).field.\(field.name)", language)
                ?? messages.optionalText("field.\(field.name)", language) ?? field.name
            result[field.name] = messages.problem(field, label: label, language)
        }
        return result
    }

    /// The submitted form's fields named in `specs` as register input (check boxes as lists).
    static func input(_ form: FormBody, specs: [RegisterField]) -> RegisterFields {
        var input: RegisterFields = [:]
        for spec in specs {
            switch spec.type {
            case .choices, .organizations:
                let values = (form.lists[spec.name] ?? []).filter { !$0.isEmpty }
                if !values.isEmpty { input[spec.name] = .list(values) }
            default:
                if let value = form.fields[spec.name], !value.isEmpty { input[spec.name] = .text(value) }
            }
        }
        return input
    }

    /// Submitted values as the form shows them again.
    static func values(_ form: FormBody) -> [String: [String]] { form.lists.merging(form.fields.mapValues { [$0] }) { list, _ in list } }
}
