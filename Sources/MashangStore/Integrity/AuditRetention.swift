import Foundation
import MashangCore
import SQLKit

/// Purging audit lines past their retention (issue 25, docs/integrity.md): only closed days go, whose digests keep
/// the lines' count and head, and each purge is recorded in `audit_purges` and attested by a chained `audit.purge`
/// line, so that `mashang verify` can tell a purge from a deletion.
extension SQLIntegrityStore {
    public func purgeAudit(through lastDay: ChinaDay, at date: Date) async throws -> AuditPurge? {
        let flavor = backend.flavor
        return try await backend.write { database -> AuditPurge? in
            if flavor == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(\(literal: Self.closeLock))").run() }
            let purged = try await Self.purgeHorizon(on: database) ?? ""
            guard
                let through = try await database.raw(
                    "SELECT MAX(day) AS day FROM day_digests WHERE day <= \(bind: lastDay.description)"
                ).first()?.decode(column: "day", as: String?.self), through > purged
            else { return nil }
            let at = StoreTime.milliseconds(date)
            let lines: Int
            switch flavor {
            case .postgres:
                // The application's role has no DELETE on the log: the owner's function deletes and records.
                lines =
                    try await database.raw("SELECT mashang_purge_audit(\(bind: through), \(bind: at)) AS lines").first()?
                    .decode(column: "lines", as: Int.self) ?? 0
            case .sqlite:
                // As the PostgreSQL function does (the delete trigger checks each line's own time too).
                guard through <= ChinaDay(Date()).adding(-AuditPurge.minimumAgeDays).description else { throw AuditKept(day: through) }
                lines =
                    try await database.raw("SELECT COUNT(*) AS lines FROM audit_log WHERE day <= \(bind: through)").first()?
                    .decode(column: "lines", as: Int.self) ?? 0
                try await database.raw("DELETE FROM audit_log WHERE day <= \(bind: through)").run()
                try await database.raw(
                    "INSERT INTO audit_purges (through_day, lines, purged_at) VALUES (\(bind: through), \(bind: lines), \(bind: at))"
                ).run()
            }
            try await SQLAuditStore.append(
                AuditEntry(
                    at: date, actor: "system", organization: nil, action: "audit.purge", subject: through, address: "-",
                    detail: "\(lines) lines"),
                flavor: flavor, on: database)
            return AuditPurge(throughDay: through, lines: lines)
        }
    }

    /// The last day whose audit lines were purged, if any.
    static func purgeHorizon(on database: any SQLDatabase) async throws -> String? {
        try await database.raw("SELECT MAX(through_day) AS day FROM audit_purges").first()?.decode(column: "day", as: String?.self)
    }

    /// A problem when the last purge has no chained `audit.purge` line naming its day: a purge row written by hand to
    /// pass deleted lines off as purged ones.
    static func unattestedPurge(_ horizon: String, on database: any SQLDatabase) async throws -> IntegrityProblem? {
        let attested =
            try await database.raw(
                """
                SELECT COUNT(*) AS n FROM audit_log
                WHERE action = 'audit.purge' AND subject = \(bind: horizon) AND day > \(bind: horizon) AND hash IS NOT NULL
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        guard attested == 0 else { return nil }
        return IntegrityProblem(.deleted, "audit lines through \(horizon)", "recorded as purged, but no audit line attests the purge")
    }
}

/// A purge asked for a day younger than the 183 days every audit line is kept (Cybersecurity Law art. 21).
public struct AuditKept: Error, CustomStringConvertible {
    public let day: String
    public var description: String { "audit lines of \(day) are kept at least 183 days" }
}
