import Foundation
import MashangCore

/// The registers' records (mediation cases, risks, reports, households, commendations, outreach events) with their
/// histories, as JSON lines; personal fields masked unless asked for in clear.
public struct RegisterExport: Sendable {
    public let clearPersonalData: Bool

    public init(clearPersonalData: Bool) { self.clearPersonalData = clearPersonalData }

    /// Writes every record whose day is in `[from, to]` (`yyyy-MM-dd`, either optional); returns how many.
    public func run(_ database: Stores, fromDay: String?, toDay: String?, write: (String) throws -> Void) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var count = 0, after: Int64 = 0
        while true {
            let (records, last) = try await database.registers.batch(after: after, limit: 500, fromDay: fromDay, toDay: toDay)
            guard let last else { break }
            after = last
            for record in records {
                try write(String(decoding: try encoder.encode(clearPersonalData ? record : record.masked), as: UTF8.self) + "\n")
                count += 1
            }
        }
        return count
    }
}
