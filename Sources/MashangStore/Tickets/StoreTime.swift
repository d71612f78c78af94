import Foundation

/// Timestamps are stored as milliseconds since 1970 in BIGINT columns on both databases.
enum StoreTime {
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
    /// The date as it will read back, so that what a write returns equals what a later read folds.
    static func truncated(_ date: Date) -> Date { Self.date(milliseconds(date)) }
}
