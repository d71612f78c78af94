import Foundation
import MashangCore
import MashangTesting
import Testing

/// Clusters of the same problem in one neighbourhood: found across grids, split by wording, ranked by size and growth.
struct HotspotTests {
    static let now = Fixtures.now
    static func request(
        _ number: Int, daysAgo: Double, category: String = "property.elevator", area: String = "jiangzuan-grid1",
        _ text: String
    ) -> HotspotDetector.Request {
        .init(
            number: String(format: "MS-2026-%06d", number), receivedAt: now.addingTimeInterval(-daysAgo * 86_400),
            category: category, area: area, description: text)
    }

    @Test func theSameComplaintFromNeighbouringGridsIsOneRisingCluster() {
        let requests = [
            Self.request(1, daysAgo: 12, "三栋电梯经常困人,已经好几次了"),
            Self.request(2, daysAgo: 3, area: "jiangzuan-grid2", "电梯困人,三栋电梯又坏了"),
            Self.request(3, daysAgo: 2, "三栋电梯困人,请尽快维修"),
            Self.request(4, daysAgo: 1, area: "jiangzuan-grid2", "电梯经常困人,很危险"),
            // Same place and category, different problem.
            Self.request(5, daysAgo: 2, "电梯里广告太多太吵"),
            // Same wording elsewhere, and the same place long ago.
            Self.request(6, daysAgo: 1, area: "yuanlin-grid1", "电梯困人,请维修"),
            Self.request(7, daysAgo: 40, "三栋电梯困人"),
        ]
        let hotspots = HotspotDetector.detect(requests, areaTree: Fixtures.reference.areaTree, now: Self.now)
        #expect(hotspots.count == 1)
        let hotspot = hotspots[0]
        #expect(hotspot.area == "jiangzuan" && hotspot.category == "property.elevator")
        #expect(Set(hotspot.tickets) == ["MS-2026-000001", "MS-2026-000002", "MS-2026-000003", "MS-2026-000004"])
        #expect(hotspot.recent == 3 && hotspot.earlier == 1 && hotspot.growth == 3)
        #expect(hotspot.terms.contains("困人") && hotspot.terms.contains("电梯"))
        #expect(hotspot.example.contains("困人"))
    }

    @Test func biggerClustersRankFirstAndSmallOnesAreNotReported() {
        var requests: [HotspotDetector.Request] = []
        for index in 0..<5 { requests.append(Self.request(index, daysAgo: Double(index), category: "housing.leak", "屋顶漏水,雨天滴水")) }
        for index in 5..<8 { requests.append(Self.request(index, daysAgo: 1, "电梯困人")) }
        for index in 8..<10 { requests.append(Self.request(index, daysAgo: 1, category: "security.hazard", "路灯不亮")) }
        let hotspots = HotspotDetector.detect(requests, areaTree: Fixtures.reference.areaTree, now: Self.now)
        #expect(hotspots.map(\.category) == ["housing.leak", "property.elevator"])
        #expect(hotspots.map(\.size) == [5, 3])
    }
}

/// The figures' building blocks: a measure's position matches its place in `allCases`; civil-day arithmetic agrees
/// with the formatter; percentiles come from the buckets.
struct FigureArithmeticTests {
    @Test func measurePositionsFollowTheirOrder() {
        for (index, measure) in FigureMeasure.allCases.enumerated() {
            var counts = FigureCounts()
            counts[measure] = 1
            #expect(counts.values.firstIndex(of: 1) == index && counts.values.reduce(0, +) == 1, "\(measure)")
        }
    }

    @Test func civilDatesAgreeWithTheFormatter() {
        for index in stride(from: -800, to: 30_000, by: 7) {
            let day = ChinaDay(index: index)
            let (year, month, dayOfMonth) = day.civil
            #expect(day.description == String(format: "%04d-%02d-%02d", year, month, dayOfMonth))
            #expect(ChinaDay(year: year, month: month, day: dayOfMonth) == day)
        }
        #expect(ChinaDay("2024-03-31")!.addingMonths(-1).description == "2024-02-29")
        #expect(ChinaDay("2026-01-15")!.addingMonths(-12).description == "2025-01-15")
        #expect(ChinaDay("2026-01-15")!.firstOfMonth.description == "2026-01-01")
        #expect(ChinaDay("2026-12-31")!.monthKey == 202612)
    }

    @Test func percentilesAreTheUpperEdgeOfTheirBucket() {
        let seconds = (1...100).map { $0 * 600 }
        var buckets: [Int: Int64] = [:]
        for value in seconds { buckets[DurationHistogram.bucket(value), default: 0] += 1 }
        let p90 = DurationHistogram.percentile(0.9, of: buckets)!
        #expect(p90 >= 54_000 && p90 <= 54_000 * 1.25)
        #expect(DurationHistogram.percentile(0.9, of: [:]) == nil)
        #expect(DurationHistogram.bucket(30) == 0)
    }
}

struct HotspotBoundTests {
    @Test func aGroupBeyondTheClusteringBoundSaysHowManyItHad() {
        let now = Fixtures.now
        let requests = (0..<(HotspotDetector.groupLimit + 30)).map { index in
            HotspotDetector.Request(
                number: String(format: "MS-2026-%06d", index), receivedAt: now.addingTimeInterval(-Double(index) * 60),
                category: "housing.leak", area: "jiangzuan-grid1", description: "三栋屋顶漏水,雨天滴水严重")
        }
        let hotspots = HotspotDetector.detect(requests, areaTree: Fixtures.reference.areaTree, now: now)
        #expect(hotspots.count == 1)
        #expect(hotspots.first?.size == HotspotDetector.groupLimit)
        #expect(hotspots.first?.groupSize == HotspotDetector.groupLimit + 30)
        let small = HotspotDetector.detect(Array(requests.prefix(10)), areaTree: Fixtures.reference.areaTree, now: now)
        #expect(small.first?.groupSize == nil)
    }
}
