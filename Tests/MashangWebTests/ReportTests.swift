import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangStore
import MashangTesting
import NIOCore
import Testing

/// Monthly and annual reports: headline with the change against last year, tables whose counts match their lists,
/// exemplary cases chosen by staff, CSV and an XLSX workbook that a real reader opens; scoped by organisation.
struct ReportTests {
    @Test func theMonthlyReportSaysWhatHappenedAndItsFiguresHoldUp() async throws {
        try await WebHarness.run { web in
            try await DashboardTests.loadHistory(web)
            let cookie = try await web.signIn("joint.leader")
            let report = try await web.page(.get, "/staff/reports/month?month=2026-02", cookie: cookie)
            #expect(report.status == .ok)
            #expect(report.text(id: "report-title")?.contains("2026年2月") == true)
            let summary = try #require(report.text(id: "report-summary"))
            #expect(summary.contains("本期共受理群众诉求") && (summary.contains("同比增加") || summary.contains("同比减少")), "\(summary)")
            for table in [
                "headline", "rates", "times", "tiers", "category", "area", "organization", "common-issues", "conduct", "exemplary",
            ] {
                #expect(report.contains("id=\"table-\(table)\""), "\(table)")
            }
            let links = DashboardTests.figureLinks(report)
            #expect(links.count > 20)
            for (href, shown) in links.prefix(40) {
                #expect(try await web.page(.get, href, cookie: cookie).text(id: "total") == shown, "\(href)")
            }

            // An exemplary case chosen for the month shows in its report, then can be removed.
            let number = try #require(try await web.database.tickets.tickets(matching: TicketQuery(pageSize: 1)).items.first?.number)
            let csrf = try #require(report.csrf)
            let chosen = try await web.page(
                .post, "/staff/reports/exemplary",
                form: [("_csrf", csrf), ("period", "2026-02"), ("number", number), ("note", "源头治理的好做法")], cookie: cookie)
            #expect(chosen.status == .seeOther)
            let withCase = try await web.page(.get, "/staff/reports/month?month=2026-02", cookie: cookie)
            #expect(withCase.contains(number) && withCase.contains("源头治理的好做法"))
            // The annual report includes its months' cases.
            #expect(try await web.page(.get, "/staff/reports/year?year=2026", cookie: cookie).contains("源头治理的好做法"))
            #expect(
                try await web.page(
                    .post, "/staff/reports/exemplary",
                    form: [
                        ("_csrf", csrf), ("period", "2026-02"), ("number", "MS-2026-999999"),
                        ("note", "x"),
                    ], cookie: cookie
                ).status == .unprocessableContent)
            #expect(
                try await web.page(
                    .post, "/staff/reports/exemplary/remove", form: [("_csrf", csrf), ("period", "2026-02"), ("number", number)],
                    cookie: cookie
                ).status == .seeOther)
            #expect(!(try await web.page(.get, "/staff/reports/month?month=2026-02", cookie: cookie)).contains("源头治理的好做法"))

            // CSV of a table and the whole report as a workbook.
            let csv = try await Self.download(web, "/staff/reports/month.csv?month=2026-02&table=category", cookie: cookie)
            #expect(csv.status == .ok && Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let workbook = try await Self.download(web, "/staff/reports/month.xlsx?month=2026-02", cookie: cookie)
            #expect(workbook.status == .ok && workbook.contentType?.contains("spreadsheetml") == true)
            try Self.checkWithPython(workbook.bytes, expecting: "本期共受理群众诉求")
        }
    }

    @Test func anOrganisationReportsOnItselfOnly() async throws {
        try await WebHarness.run { web in
            try await DashboardTests.loadHistory(web)
            let cookie = try await web.signIn("gh.leader")
            let own = try await web.page(.get, "/staff/reports/year?year=2025", cookie: cookie)
            #expect(own.status == .ok && own.text(id: "report-title")?.contains("广华街道") == true)
            #expect(!own.contains("id=\"table-organization\""))
            #expect(
                try await web.page(.get, "/staff/reports/year?year=2025&organization=jianghan-oilfield", cookie: cookie).status
                    == .forbidden)
            // The joint centre reports on any organisation (without drill-down links: those lists are the reader's own scope).
            let joint = try await web.page(
                .get, "/staff/reports/year?year=2025&organization=jianghan-oilfield", cookie: try await web.signIn("joint.leader"))
            #expect(
                joint.status == .ok && DashboardTests.figureLinks(joint).isEmpty && joint.text(id: "report-title")?.contains("江汉油田") == true
            )
            for bad in [
                "month?month=2026-13", "month?month=26-01", "year?year=1900", "year?year=abcd", "month?month=2026-02&organization=nowhere",
            ] {
                #expect(try await web.page(.get, "/staff/reports/\(bad)", cookie: cookie).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await web.page(.get, "/staff/reports/month", cookie: try await web.signIn("gh.handler")).status == .forbidden)
        }
    }

    static func download(_ web: WebClient, _ uri: String, cookie: String) async throws -> (
        status: HTTPResponse.Status, contentType: String?, bytes: [UInt8]
    ) {
        try await web.client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
            (response.status, response.headers[.contentType], Array(response.body.readableBytesView))
        }
    }

    /// Opens the workbook with Python: the ZIP's checksums, every part's XML, and (where installed) openpyxl.
    static func checkWithPython(_ bytes: [UInt8], expecting text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-report-\(UUID().uuidString).xlsx")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys, zipfile, xml.etree.ElementTree as ET
            z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
            for name in z.namelist(): ET.fromstring(z.read(name))
            try:
                import openpyxl
            except ImportError:
                print("zip+xml ok"); sys.exit(0)
            wb = openpyxl.load_workbook(sys.argv[1])
            cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
            assert any(sys.argv[2] in c for c in cells), "text missing"
            assert len(wb.worksheets) > 5
            print("openpyxl ok", len(wb.worksheets))
            """
        let checked = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, file.path, text])
        #expect(checked.status == 0, "\(checked.output)")
    }
}

/// The public figures page: totals only, no personal data, no ticket, no description.
struct PublicFiguresTests {
    @Test func thePublicSeesTotalsAndNothingPersonal() async throws {
        try await WebHarness.run { web in
            try await DashboardTests.loadHistory(web)
            let page = try await web.page(.get, "/figures")
            #expect(page.status == .ok)
            let received = try #require(page.text(id: "public-received").flatMap { Int($0) })
            let twelveMonths = try await web.database.figures.counts(
                scope: "all", from: ChinaDay(year: 2025, month: 4, day: 1),
                to: ChinaDay(Fixtures.now), dimensions: ["total"]
            ).total[.received]
            #expect(Int64(received) == twelveMonths && received > 0)
            #expect(page.contains("响应率") && page.contains("<svg"))
            let tickets = try await web.database.tickets.tickets(matching: TicketQuery(pageSize: 200)).items
            for ticket in tickets {
                #expect(!page.contains(ticket.number) && !page.contains(ticket.description))
            }
            #expect(!page.contains("13812345678") && !page.contains("王华") && !page.contains("/staff/"))
            #expect(page.headers[.cacheControl]?.contains("public") == true)
            // Cached per language: without Vary a browser showed the Chinese copy after switching to English.
            #expect(page.headers[.vary] == "Accept-Language, Cookie")
            // The mechanism's counts are public; employees' sentiment is not.
            #expect(page.contains("入户走访（人次）") && page.contains("涉法涉诉问题（件）") && !page.contains("快报") && !page.contains("逾期未报"))
        }
    }
}
