import Mustache

/// A view model as a template reads it: every struct in it reflected once, its properties kept by name.
///
/// Mustache looks a name up by reflecting (`Mirror`) each enclosing value from the innermost section outwards, for
/// every `{{name}}`; on the staff ticket page that was a fifth of the server's time under load. Values it prints as
/// they are (strings, numbers, flags, enums) are left alone, optionals are unwrapped and arrays keep their order, so a
/// template renders exactly what it rendered from the plain value. Objects (classes) are left to Mustache as they
/// are: reflecting them whole could follow references without end.
final class ReflectedView: MustacheParent, CustomStringConvertible {
    private let children: [String: Any]
    private let value: Any

    private init(children: [String: Any], value: Any) {
        self.children = children
        self.value = value
    }

    /// What `{{.}}` prints for the value itself.
    var description: String { String(describing: value) }

    func child(named name: String) -> Any? { children[name] }

    /// `value` as templates see it; `nil` for an absent optional.
    static func of(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Double, is Substring, is any MustacheParent:
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { of($0.value) }
        case .collection:
            return mirror.children.compactMap { of($0.value) }
        case .struct:
            var children: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let reflected = of(child.value) { children[label] = reflected }
            }
            return ReflectedView(children: children, value: value)
        default:
            return value
        }
    }
}
