extension String {
    /// Safe inside XML text and double-quoted attributes (SVG charts, Open311): the five special characters escaped,
    /// and characters XML 1.0 cannot carry at all (most control characters) dropped.
    public var xmlEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default:
                let value = scalar.value
                if value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF) {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
