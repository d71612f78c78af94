/// Ticket numbers: `MS-2025-000123`, a sequence per calendar year (China time).
public enum TicketNumber {
    public static func format(year: Int, sequence: Int64) -> String {
        "MS-" + String(year) + "-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
    }

    /// Whether text has the shape of a ticket number (a search for it goes straight to the number).
    public static func isNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "MS" && parts[1].count == 4 && parts[2].count >= 6
            && parts[1].allSatisfy(\.isASCII) && parts[1].allSatisfy(\.isNumber)
            && parts[2].allSatisfy(\.isASCII) && parts[2].allSatisfy(\.isNumber)
    }
}
