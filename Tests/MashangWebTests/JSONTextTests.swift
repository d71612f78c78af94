import Foundation
import MashangCore
import MashangServices
import MashangStore
import NIOCore
import Testing

@testable import MashangWeb

/// The list's directly written JSON is byte for byte what the shared encoder writes, for any summary: every field
/// and optional, strings that need escaping, dates across the centuries.
struct JSONTextTests {
    static func encoded(_ view: TicketPageView) throws -> String {
        String(decoding: try JSONBody.encoder.encode(view), as: UTF8.self)
    }

    static func written(_ view: TicketPageView, cache: VersionedCache<String, [UInt8]>? = nil) -> String {
        var buffer = view.json(cache: cache)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    static func summary(_ index: Int, _ random: inout SystemRandomNumberGenerator) -> TicketSummary {
        let texts = [
            "三栋顶楼屋顶漏水，雨天滴水严重", "引号\"和反斜杠\\、斜杠/", "换行\n回车\r制表\t退格\u{08}换页\u{0C}", "控制\u{01}\u{1F}字符",
            "emoji 🏠 и кириллица", "", "</script><b>&amp;</b>",
        ]
        let date = Date(
            timeIntervalSince1970: Double.random(in: -2_000_000_000...4_000_000_000, using: &random).rounded(.down) / 1
                + Double(Int.random(in: 0...999, using: &random)) / 1000)
        return TicketSummary(
            number: TicketNumber.format(year: 2026, sequence: Int64(index)), status: TicketStatus.allCases.randomElement(using: &random)!,
            channel: Channel.allCases.randomElement(using: &random)!, kind: TicketKind.allCases.randomElement(using: &random)!,
            category: "housing.leak", area: "jiangzuan-grid\(index)", urgency: Urgency.allCases.randomElement(using: &random)!,
            tier: Tier.allCases.randomElement(using: &random)!, leadOrganization: "joint",
            department: Bool.random(using: &random) ? nil : texts.randomElement(using: &random)!,
            description: texts.randomElement(using: &random)!, receivedAt: date, updatedAt: date.addingTimeInterval(86_400 * 400),
            satisfaction: Bool.random(using: &random) ? nil : Satisfaction.allCases.randomElement(using: &random)!,
            version: Int.random(in: 1...40, using: &random))
    }

    @Test func listPagesAreWrittenAsTheEncoderWritesThem() throws {
        var random = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let items = (0..<(round % 25)).map { Self.summary($0, &random) }
            let view = TicketPageView(
                TicketPage(
                    items: items, total: round * 7, totalIsLowerBound: round % 3 == 0, page: round % 4 + 1,
                    pageSize: 20))
            #expect(Self.written(view) == (try Self.encoded(view)))
        }
    }

    /// Items written before are taken from the cache at their version only: pages over a changing set of tickets are
    /// still exactly the encoder's, and what the cache holds for an item's version is what the page shows.
    @Test func rememberedItemsAreUsedAtTheirVersionOnly() throws {
        var random = SystemRandomNumberGenerator()
        let cache = VersionedCache<String, [UInt8]>(capacity: 64)
        var items = (0..<30).map { Self.summary($0, &random) }
        for _ in 0..<40 {
            for index in items.indices where Bool.random(using: &random) {
                var changed = Self.summary(index, &random)
                changed.version = items[index].version + 1
                items[index] = changed
            }
            let shown = Array(items.shuffled(using: &random).prefix(20))
            let view = TicketPageView(TicketPage(items: shown, total: 30, totalIsLowerBound: false, page: 1, pageSize: 20))
            #expect(Self.written(view, cache: cache) == (try Self.encoded(view)))
        }
        let item = items[0]
        cache.remember(Array(#"{"remembered":true}"#.utf8), for: item.number, version: item.version)
        let one = TicketPageView(TicketPage(items: [item], total: 1, totalIsLowerBound: false, page: 1, pageSize: 20))
        #expect(Self.written(one, cache: cache).hasPrefix(#"{"items":[{"remembered":true}],"#))
        var next = item
        next.version += 1
        let changed = TicketPageView(TicketPage(items: [next], total: 1, totalIsLowerBound: false, page: 1, pageSize: 20))
        #expect(Self.written(changed, cache: cache) == (try Self.encoded(changed)))
    }

    @Test func datesAreTheEncodersISO8601() throws {
        for seconds in [-11_676_096_000.0, -1, 0, 0.999, 951_782_400, 1_709_164_800, 1_795_823_999.5, 4_102_444_800, 253_402_300_799] {
            let date = Date(timeIntervalSince1970: seconds)
            let encoded = String(decoding: try JSONBody.encoder.encode([date]), as: UTF8.self)
            #expect("[\"" + JSONText.iso8601(date) + "\"]" == encoded, "\(seconds)")
        }
    }
}

/// A ticket's time limits, written directly, are what their encoding writes.
struct DeadlineJSONTests {
    @Test func deadlinesAreWrittenAsTheEncoderWritesThem() throws {
        var random = SystemRandomNumberGenerator()
        for count in 0..<40 {
            let views = (0..<(count % 5)).map { _ in
                let start = Date(timeIntervalSince1970: Double(Int.random(in: 1_600_000_000...1_900_000_000, using: &random)) + 0.25)
                let deadline = Deadline(
                    kind: Deadline.Kind.allCases.randomElement(using: &random)!, organization: "guanghua-street",
                    department: Bool.random(using: &random) ? nil : "gh-construction\"\\", startedAt: start,
                    warnAt: start.addingTimeInterval(3_600), due: start.addingTimeInterval(7_200),
                    metAt: Bool.random(using: &random) ? nil : start.addingTimeInterval(5_000))
                return TicketDetailView.DeadlineView(deadline: deadline, standing: deadline.standing(at: start.addingTimeInterval(6_000)))
            }
            var json = JSONText()
            json.beginArray()
            TicketDetailView.write(views, to: &json)
            json.endArray()
            var buffer = json.buffer
            #expect(buffer.readString(length: buffer.readableBytes) == String(decoding: try JSONBody.encoder.encode(views), as: UTF8.self))
        }
    }
}
