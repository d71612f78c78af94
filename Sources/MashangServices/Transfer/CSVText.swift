import Foundation

/// CSV as spreadsheet programs read it: UTF-8 with a byte-order mark, CRLF, every field quoted, formulas neutralised.
public enum CSVText {
    public static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One quoted field; a leading formula character is neutralised so a spreadsheet does not execute it.
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
