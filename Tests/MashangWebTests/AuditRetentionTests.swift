import Foundation
import Logging
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Audit lines are kept as long as `MASHANG_AUDIT_RETENTION_MONTHS` says, never less than six months, and then purged
/// by the day closer with a record that `mashang verify` accepts.
struct AuditRetentionTests {
    @Test func linesOutliveTheirMonthsByTheCalendarAndNeverLessThanTheLegalMinimum() throws {
        let day = { (text: String) in try #require(ChinaDay(text)) }
        #expect(DayCloser.auditExpiry(months: 36, today: try day("2026-12-05")) == (try day("2023-12-04")))
        #expect(DayCloser.auditExpiry(months: 6, today: try day("2026-12-05")) == (try day("2026-06-04")))
        // Six calendar months back from 31 August is 28 February: 184 days back is later, the earlier one holds.
        #expect(DayCloser.auditExpiry(months: 6, today: try day("2026-08-31")) == (try day("2026-02-27")))
    }

    @Test func theDayCloserPurgesClosedDaysPastTheRetentionAndVerifyAcceptsIt() async throws {
        try await WebHarness.run { web in
            let old = ChinaDay(Fixtures.now).adding(-3)
            for hour in [9, 15] {
                try await web.database.audit.append(
                    AuditEntry(
                        at: old.at(hour * 3600), actor: "joint.securityAdmin", organization: "joint", action: "user.add",
                        subject: "u\(hour)", address: "127.0.0.1"))
            }
            try await web.database.audit.append(
                AuditEntry(
                    at: Date(), actor: "joint.securityAdmin", organization: "joint", action: "user.add", subject: "now", address: "-"))
            let closer = DayCloser(
                integrity: web.database.integrity, interval: .seconds(300), logger: Logger(label: "test"), auditRetentionMonths: 6)
            _ = try await closer.closeFinishedDays()
            let purge = try #require(try await closer.purgeExpiredAudit())
            #expect(purge.throughDay == DayCloser.auditExpiry(months: 6, today: ChinaDay(Date())).description && purge.lines >= 2)
            let left = try await web.database.audit.entries(matching: AuditQuery(limit: 10_000))
            #expect(!left.contains { $0.subject.hasPrefix("u") } && left.contains { $0.subject == "now" })
            #expect(left.first?.action == "audit.purge" && left.first?.actor == "system")
            #expect(try await closer.purgeExpiredAudit() == nil)
            #expect(try await web.database.integrity.verify(from: nil).problems == [])
        }
    }
}
