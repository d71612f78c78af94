import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Random registers and reception day bookings over random days: every figure of the mechanism panel, for a random
/// period and since the beginning, equals a recount kept by the test as it wrote them, and every linked number opens a
/// list of exactly that many records. The seed is printed (`MASHANG_RECOUNT_SEED` replays it).
struct MechanismPanelRecountTests {
    /// What the test wrote, per panel figure: the day each record counts on and what it adds.
    struct Ledger {
        var figures: [String: [(day: ChinaDay, amount: Int)]] = [:]
        mutating func add(_ figure: String, _ day: ChinaDay, _ amount: Int = 1) { figures[figure, default: []].append((day, amount)) }
        func sum(_ figure: String, in days: ClosedRange<ChinaDay>? = nil) -> Int {
            (figures[figure] ?? []).filter { days?.contains($0.day) ?? true }.reduce(0) { $0 + $1.amount }
        }
    }

    @Test func everyPanelFigureEqualsARecountAndOpensThatManyRecords() async throws {
        let seed = RandomHistories.seedFromEnvironment()
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            var random = SeededRandom(seed: seed)
            let first = ChinaDay(clock.now)
            var ledger = Ledger()
            for _ in 0..<30 {
                clock.advance(Double(Int.random(in: 0...3, using: &random)) * 86_400 + 600)
                let today = ChinaDay(clock.now)
                func someDay() -> ChinaDay { first.adding(Int.random(in: 0...(today.index - first.index), using: &random)) }
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    let risk = try #require(RegisterWebTests.newRecord(.risk, organization: "guanghua-street"))
                    let created = try await web.request(
                        .post, "/api/v1/risks", body: ["fields": risk], token: try await web.token("gh.dispatcher"))
                    #expect(created.status == .created, "\(created.json)")
                    ledger.add("risks", today)
                    ledger.add("risksOpen", today)
                case 1:
                    let household = try #require(RegisterWebTests.newRecord(.household, organization: "jianghan-oilfield"))
                    let created = try await web.request(
                        .post, "/api/v1/households", body: ["fields": household],
                        token: try await web.token("jh.assistance"))
                    #expect(created.status == .created, "\(created.json)")
                    ledger.add("households", today)
                case 2:
                    var commendation = try #require(RegisterWebTests.newRecord(.commendation, organization: "guanghua-street"))
                    let received = someDay()
                    commendation["receivedOn"] = received.description
                    let created = try await web.request(
                        .post, "/api/v1/commendations", body: ["fields": commendation],
                        token: try await web.token("gh.dispatcher"))
                    #expect(created.status == .created, "\(created.json)")
                    ledger.add("commendations", received)
                default:
                    var event = try #require(RegisterWebTests.newRecord(.outreach, organization: "guanghua-street"))
                    let held = someDay(), attendance = Int.random(in: 1...80, using: &random)
                    event["date"] = held.description
                    event["attendance"] = attendance
                    let created = try await web.request(
                        .post, "/api/v1/outreach", body: ["fields": event], token: try await web.token("gh.dispatcher"))
                    #expect(created.status == .created, "\(created.json)")
                    ledger.add("events", held)
                    ledger.add("attendance", held, attendance)
                }
            }
            // Bookings on the reception days of three months, some cancelled, some attended or absent.
            let today = ChinaDay(clock.now)
            for (index, month) in [first, first.addingMonths(1), today].map({ SentimentSchedule.month($0) }).enumerated() {
                let slot = try await web.database.reception.addSlot(
                    ReceptionSlot(
                        id: 0, month: month, judge: "孙法官", organization: "qianjiang-court",
                        starts: "09:00", ends: "11:00", place: "接访室", capacity: 20, booked: 0))
                for person in 0..<Int.random(in: 1...6, using: &random) {
                    let booking = try await web.database.reception.book(
                        slot: slot.id, name: "居民\(person)", phone: "1387160\(index)\(String(format: "%03d", person))",
                        topic: "劳动争议", code: "R\(index)\(person)\(seed)", at: clock.now)
                    let status = [ReceptionBooking.Status.booked, .cancelled, .attended, .absent].randomElement(using: &random)!
                    if status != .booked {
                        try await web.database.reception.setStatus(booking.id, to: status, from: [.booked], at: clock.now)
                    }
                    let day = ChinaDay(month + "-01")!
                    if status != .cancelled { ledger.add("bookings", day) }
                    if status == .attended { ledger.add("attended", day) }
                }
            }

            // A random period inside what was written; booking counts go by whole months.
            let from = first.adding(Int.random(in: 0...(today.index - first.index), using: &random))
            let to = from.adding(Int.random(in: 0...(today.index - from.index), using: &random))
            let session = try await web.signIn("joint.leader")
            let page = try await web.page(.get, "/staff/mechanism?from=\(from)&to=\(to)", cookie: session)
            #expect(page.status == .ok)
            let months = from.firstOfMonth...to
            var compared = 0
            for id in try page.html.matches(of: Regex(#"<tr id="mechanism-([A-Za-z]+)">"#)).map({ String($0.output[1].substring ?? "") })
            where id != "sentimentOverdue" {
                let period = try Self.cell(page.html, id, "period"), total = try Self.cell(page.html, id, "total")
                let days = ["bookings", "attended"].contains(id) ? months : from...to
                #expect(period.count == ledger.sum(id, in: days), "seed \(seed): \(id) in \(from)…\(to)")
                #expect(total.count == ledger.sum(id), "seed \(seed): \(id) in all")
                compared += 2
                // A linked number opens its records: as many as it counts, or those whose quantities it sums.
                for (cell, expected) in [
                    (period, ledger.figures[id]?.filter { days.contains($0.day) }.count ?? 0),
                    (total, ledger.figures[id]?.count ?? 0),
                ] {
                    guard let href = cell.href else { continue }
                    let list = try await web.page(.get, href, cookie: session)
                    let shown = ["record-total", "entry-total", "law-related-total", "booking-total"].lazy.compactMap { list.text(id: $0) }
                        .first
                    #expect(shown == "共 \(expected)", "seed \(seed): \(id) opens \(href)")
                }
            }
            #expect(compared >= 30 && ledger.sum("attendance") > 0 && ledger.sum("bookings") > 0)
            print(
                "mechanism panel recount: seed \(seed), \(ledger.figures.values.reduce(0) { $0 + $1.count }) records, \(compared) figures, \(from)…\(to)"
            )
        }
    }

    /// The number in a panel cell and its link, if any.
    static func cell(_ html: String, _ id: String, _ column: String) throws -> (count: Int, href: String?) {
        let row = try #require(html.range(of: #"<tr id="mechanism-\#(id)">"#))
        let rest = String(html[row.upperBound...].prefix(1200))
        let match = try #require(rest.firstMatch(of: try Regex(#"<td class="num \#(column)">(?:<a href="([^"]+)">)?(\d+)"#)))
        let href = match.output[1].substring.map { String($0).replacingOccurrences(of: "&amp;", with: "&") }
        return (Int(try #require(match.output[2].substring))!, href)
    }
}
