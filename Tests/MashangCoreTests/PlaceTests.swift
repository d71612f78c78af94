import Foundation
import MashangCore
import Testing

struct PlaceTests {
    static func point(_ longitude: Double, _ latitude: Double) -> GeoPoint { GeoPoint(latitude: latitude, longitude: longitude) }
    static func ring(_ pairs: [(Double, Double)]) -> [GeoPoint] { (pairs + [pairs[0]]).map { point($0.0, $0.1) } }
    static func shape(_ rings: [(Double, Double)]...) -> AreaBoundary {
        AreaBoundary(polygons: [GeoPolygon(rings: rings.map(ring))])
    }

    /// A 10 × 10 square (degrees scaled down to a district) with a 2 × 2 hole in its middle.
    static let square = shape(
        [(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01)], [(0.004, 0.004), (0.006, 0.004), (0.006, 0.006), (0.004, 0.006)])

    @Test func gcj02MatchesPublishedPairsAndInvertsToACentimetre() {
        // WGS-84 → GCJ-02 pairs from the eviltransform test suite (Shanghai, Shenzhen, Beijing).
        let pairs = [
            (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
            (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
            (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
        ]
        for (wgsLat, wgsLon, gcjLat, gcjLon) in pairs {
            let wgs = GeoPoint(latitude: wgsLat, longitude: wgsLon)
            let gcj = GCJ02.gcj02(fromWGS84: wgs)
            #expect(gcj.distance(to: GeoPoint(latitude: gcjLat, longitude: gcjLon)) < 0.05)
            #expect(CoordinateSystem.gcj02.wgs84(GeoPoint(latitude: gcjLat, longitude: gcjLon)).distance(to: wgs) < 0.05)
            #expect(gcj.distance(to: wgs) > 100, "the offset inside China is hundreds of metres")
        }
        let paris = GeoPoint(latitude: 48.8566, longitude: 2.3522)
        #expect(CoordinateSystem.gcj02.wgs84(paris) == paris)
        #expect(CoordinateSystem(named: "WGS-84") == .wgs84 && CoordinateSystem(named: "GCJ02") == .gcj02)
        #expect(CoordinateSystem(named: "bd09") == nil)
    }

    @Test func pointsInsideOnTheEdgeInAHoleAndOutside() {
        let square = Self.square
        #expect(square.placement(of: Self.point(0.002, 0.002)) == .inside)
        #expect(square.placement(of: Self.point(0.005, 0.005)) == .outside, "in the hole")
        #expect(square.placement(of: Self.point(0.004, 0.005)) == .onEdge, "on the hole's edge")
        #expect(square.placement(of: Self.point(0.01, 0.003)) == .onEdge)
        #expect(square.placement(of: Self.point(0, 0)) == .onEdge, "a corner")
        #expect(square.placement(of: Self.point(0.011, 0.005)) == .outside)
        #expect(square.placement(of: Self.point(-0.001, 0.004)) == .outside, "level with the hole's corner, outside")
        #expect(square.placement(of: Self.point(0.002, 0.004)) == .inside, "level with the hole's corner, inside")
    }

    @Test func aConcaveShapeHoldsItsArmsAndNotItsNotch() {
        // A U: two arms joined at the bottom; the notch between the arms is outside.
        let u = Self.shape([(0, 0), (0.03, 0), (0.03, 0.03), (0.02, 0.03), (0.02, 0.01), (0.01, 0.01), (0.01, 0.03), (0, 0.03)])
        #expect(u.contains(Self.point(0.005, 0.02)) && u.contains(Self.point(0.025, 0.02)))
        #expect(!u.contains(Self.point(0.015, 0.02)))
        #expect(u.contains(Self.point(0.015, 0.01)), "the notch's floor is an edge")
        // A child whose corners are in the arms but whose edge spans the notch does not fit.
        let bridge = Self.shape([(0.005, 0.015), (0.025, 0.015), (0.025, 0.02), (0.005, 0.02)])
        #expect(!bridge.isWithin(u))
        #expect(Self.shape([(0, 0), (0.03, 0), (0.03, 0.01), (0, 0.01)]).isWithin(u), "the base, edges along the parent's")
        #expect(u.problem == nil)
    }

    @Test func invalidShapesAreNamed() {
        #expect(AreaBoundary(polygons: []).problem == .empty)
        let open = AreaBoundary(polygons: [GeoPolygon(rings: [[Self.point(0, 0), Self.point(1, 0), Self.point(1, 1), Self.point(0, 1)]])])
        #expect(open.problem == .notClosed)
        #expect(Self.shape([(0, 0), (0.01, 0)]).problem == .tooFewPoints)
        #expect(Self.shape([(0, 0), (0.01, 0.01), (0.01, 0), (0, 0.01)]).problem == .selfIntersecting, "a bow tie")
        #expect(
            Self.shape([(0, 0), (0.02, 0), (0.01, 0.01), (0.02, 0.02), (0, 0.02), (0.01, 0.01)]).problem == .selfIntersecting,
            "two loops touching at a corner")
        #expect(Self.shape([(0, 0), (0.02, 0), (0.01, 0), (0.01, 0.01)]).problem == .selfIntersecting, "an edge folding back")
        #expect(Self.shape([(0, 0), (0.01, 0), (0.02, 0)]).problem == .selfIntersecting, "no surface")
        #expect(Self.shape([(0, 0), (100, 0), (100, 100)]).problem == .invalidCoordinate)
        #expect(
            Self.shape([(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01)], [(0.005, 0.005), (0.02, 0.005), (0.02, 0.006)]).problem
                == .holeOutside)
        let overlapping = AreaBoundary(polygons: [
            GeoPolygon(rings: [Self.ring([(0, 0), (0.02, 0), (0.02, 0.02), (0, 0.02)])]),
            GeoPolygon(rings: [Self.ring([(0.01, 0.01), (0.03, 0.01), (0.03, 0.03), (0.01, 0.03)])]),
        ])
        #expect(overlapping.problem == .polygonsOverlap)
        let inside = AreaBoundary(polygons: [
            GeoPolygon(rings: [Self.ring([(0, 0), (0.03, 0), (0.03, 0.03), (0, 0.03)])]),
            GeoPolygon(rings: [Self.ring([(0.01, 0.01), (0.02, 0.01), (0.02, 0.02), (0.01, 0.02)])]),
        ])
        #expect(inside.problem == .polygonsOverlap, "one polygon wholly inside another")
        let touching = AreaBoundary(polygons: [
            GeoPolygon(rings: [Self.ring([(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01)])]),
            GeoPolygon(rings: [Self.ring([(0.01, 0), (0.02, 0), (0.02, 0.01), (0.01, 0.01)])]),
        ])
        #expect(touching.problem == nil, "two polygons sharing an edge")
        #expect(Self.square.problem == nil)
    }

    @Test func geoJSONReadsPolygonsMultiPolygonsAndFeaturesAndWritesThemBack() throws {
        let text = #"{"type":"Polygon","coordinates":[[[112.62,30.40],[112.63,30.40],[112.63,30.40],[112.63,30.41],[112.62,30.40]]]}"#
        let boundary = try #require(AreaBoundary(geoJSON: text))
        #expect(boundary.polygons[0].outer.count == 4, "the repeated point is dropped")
        #expect(boundary.polygons[0].outer[0] == GeoPoint(latitude: 30.40, longitude: 112.62), "positions are [longitude, latitude]")
        #expect(AreaBoundary(geoJSON: boundary.geoJSON) == boundary)
        let feature = #"{"type":"Feature","properties":{"code":"x","level":3},"geometry":\#(text)}"#
        #expect(AreaBoundary(geoJSON: feature) == boundary)
        let collection = #"{"type":"FeatureCollection","features":[\#(feature)]}"#
        let features = try JSONDecoder().decode(GeoJSONFeatures.self, from: Data(collection.utf8)).features
        #expect(features.count == 1 && features[0].properties == ["code": "x", "level": "3"])
        let multi = AreaBoundary(polygons: [boundary.polygons[0], boundary.polygons[0]])
        #expect(multi.geoJSON.contains("MultiPolygon") && AreaBoundary(geoJSON: multi.geoJSON) == multi)
        for bad in [#"{"type":"Point","coordinates":[1,2]}"#, #"{"type":"Polygon","coordinates":[[[1]]]}"#, "[", ""] {
            #expect(AreaBoundary(geoJSON: bad) == nil, "\(bad)")
        }
    }

    @Test func theDemoAreasAreValidAndNested() throws {
        let reference = DemoReference.referenceData
        for area in reference.allAreas {
            let boundary = try #require(area.boundary, "\(area.code)")
            #expect(reference.problem(ofBoundary: boundary, forArea: area.code) == nil, "\(area.code)")
        }
        for point in reference.intakePoints {
            let location = try #require(point.location, "\(point.code)")
            #expect(reference.areaTree.isSelfOrAncestor(point.area, of: try #require(reference.areaLocator.area(containing: location))))
        }
    }

    /// Random points over the demo area's box (seed printed): each point inside the area is placed in a grid, that
    /// grid's boundary and its community's hold it, and no grid placed smaller holds it strictly inside another grid.
    @Test func randomPointsArePlacedInTheOneGridHoldingThem() throws {
        let reference = DemoReference.referenceData
        let locator = reference.areaLocator
        let area = try #require(reference.area("guanghua-area")?.boundary)
        let grids = reference.areas.filter { $0.code.contains("-grid") }
        let seed = UInt64.random(in: 1...UInt64.max)
        print("randomPointsArePlacedInTheOneGridHoldingThem seed \(seed)")
        var generator = SeededRandom(seed: seed)
        let box = area.bounds
        var placed = 0
        for _ in 0..<2_000 {
            let point = GeoPoint(
                latitude: Double.random(in: box.south...box.north, using: &generator),
                longitude: Double.random(in: box.west...box.east, using: &generator))
            let found = locator.area(containing: point)
            guard area.contains(point) else {
                #expect(found == nil, "outside every area: \(point)")
                continue
            }
            let code = try #require(found, "inside the area but not placed: \(point)")
            #expect(code.contains("-grid"), "\(point) placed in \(code), not a grid")
            let holding = grids.filter { $0.boundary!.placement(of: point) == .inside }
            #expect(holding.count <= 1 && (holding.isEmpty || holding[0].code == code), "\(point)")
            let community = try #require(reference.area(code)?.parent)
            #expect(reference.area(community)?.boundary?.contains(point) == true)
            placed += 1
        }
        #expect(placed > 1_000)
    }

    @Test func aRetiredGridLeavesItsPointsToItsCommunity() throws {
        let demo = DemoReference.referenceData
        let point = try #require(demo.area("wuqi-grid2")?.boundary?.labelPoint)
        #expect(demo.areaLocator.area(containing: point) == "wuqi-grid2")
        let retired = try demo.editing(
            .areas, code: "wuqi-grid2", .retire, name: nil, nameEn: nil, day: "2026-12-05", rules: DemoReference.rules)
        #expect(retired.areaLocator.area(containing: point) == "wuqi")
    }
}

struct PublicTextTests {
    @Test func namesNumbersAndAddressesBelowTheBuildingAreTakenOut() {
        let text = "我叫王小明，住江钻小区3栋2单元501室，电话 138-0013-8000，身份证42900519800101123X，楼道漏水。联系人：李四 0728-6201234"
        let shown = PublicText.deidentified(text, requesterName: "王小明")
        #expect(shown == "我叫某某，住江钻小区3栋，电话 ***，身份证***，楼道漏水。联系人：某某 ***")
        #expect(PublicText.deidentified("5-3-302的住户反映电梯故障", requesterName: nil) == "5栋的住户反映电梯故障")
        #expect(PublicText.deidentified("张三反映路灯不亮", requesterName: "张三") == "某某反映路灯不亮")
        let plain = "广华小区东门路灯不亮已三天"
        #expect(PublicText.deidentified(plain, requesterName: nil) == plain, "nothing personal: unchanged")
    }
}

struct SimilarRequestsTests {
    static let tree = DemoReference.referenceData.areaTree
    static func candidate(_ number: String, _ text: String, _ area: String, _ point: GeoPoint?, daysAgo: Double)
        -> SimilarRequests.Candidate
    {
        .init(
            number: number, description: text, area: area, location: point,
            receivedAt: Date(timeIntervalSince1970: 1_800_000_000 - daysAgo * 86_400))
    }

    @Test func theSameMatterNearbyComesFirstThenTheSameWordsInTheSameGridThenFarAway() throws {
        let here = try #require(DemoReference.referenceData.area("wuqi-grid1")?.boundary?.labelPoint)
        let fiftyMetres = GeoPoint(latitude: here.latitude + 0.00045, longitude: here.longitude)
        let twoKilometres = GeoPoint(latitude: here.latitude + 0.018, longitude: here.longitude)
        let candidates = [
            Self.candidate("new-elsewhere", "路灯不亮", "yunshu-grid2", twoKilometres, daysAgo: 0),
            Self.candidate("same-far", "5号楼电梯停在三楼不动", "yunshu-grid2", twoKilometres, daysAgo: 3),
            Self.candidate("same-near", "5号楼电梯又停在三楼", "wuqi-grid1", fiftyMetres, daysAgo: 5),
            Self.candidate("other-near", "楼道灯坏了", "wuqi-grid1", fiftyMetres, daysAgo: 1),
            Self.candidate("same-grid-no-point", "电梯停在三楼", "wuqi-grid1", nil, daysAgo: 9),
        ]
        let ranked = SimilarRequests.ranked(
            candidates, text: "5号楼电梯停在三楼不动，有老人被困", point: here, area: "wuqi-grid1", tree: Self.tree, limit: 10)
        #expect(ranked.map(\.number) == ["same-near", "same-grid-no-point", "same-far", "other-near", "new-elsewhere"])
        // Without text or place, the newest first.
        let plain = SimilarRequests.ranked(candidates, text: nil, point: nil, area: nil, tree: Self.tree, limit: 2)
        #expect(plain.map(\.number) == ["new-elsewhere", "other-near"])
        #expect(SimilarRequests.proximity(candidates[4], point: nil, area: "wuqi-grid2", tree: Self.tree) == 0.25)
    }
}
