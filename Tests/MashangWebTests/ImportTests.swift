import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

@testable import MashangServices
@testable import MashangWeb

/// `mashang import`: a previous system's records checked row by row and written all or nothing, through the real
/// lifecycle, from CSV and XLSX, with a mapping of columns and codes.
struct ImportTests {
    static let now = Date(timeIntervalSince1970: 1_772_416_800)  // 2026-03-02 10:00 in China

    static func withImport(_ body: @escaping @Sendable (MashangDatabase, DataImport) async throws -> Void) async throws {
        try await TestDatabases.withSQLite { database in
            try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
            try await body(database, DataImport(database: database.stores, clock: { Self.now }))
        }
    }

    static let mapping = ImportMapping(
        columns: [
            "受理时间": "receivedAt", "问题类别": "category", "所属网格": "area", "诉求内容": "description", "姓名": "name",
            "电话": "phone", "承办单位": "organization", "答复内容": "reply", "答复时间": "repliedAt", "回访结果": "satisfaction",
            "办结时间": "closedAt", "原编号": "sourceNumber", "来源": "channel", "类型": "kind",
        ],
        codes: [
            "category": ["漏水": "housing.leak", "电梯": "property.elevator"],
            "satisfaction": ["满意": "satisfied", "基本满意": "basicallySatisfied"],
            "organization": ["街道": "guanghua-street"], "channel": ["12345": "hotline", "来访": "walkIn"],
            "kind": ["咨询": "consultation", "投诉": "complaint"],
        ],
        defaults: ["kind": "complaint"])

    static let headers = ["原编号", "受理时间", "来源", "问题类别", "所属网格", "诉求内容", "姓名", "电话", "承办单位", "答复内容", "答复时间", "回访结果", "办结时间", "备注", "类型"]

    @Test func ticketsFromAPreviousSystemAreWalkedThroughTheLoopAtTheirOwnTimes() async throws {
        try await Self.withImport { database, importer in
            let table = ImportTable(
                headers: Self.headers,
                rows: [
                    [
                        "A-1", "2025-06-03 09:15", "12345", "漏水", "jiangzuan-grid1", "三栋顶楼漏水", "王华", "13812345678", "街道", "已修复",
                        "2025-06-05 16:00", "满意", "2025-06-06 10:00", "旧备注", "",
                    ],
                    [
                        "A-2", "2025/12/30 14:00", "来访", "电梯", "wuqi-grid1", "电梯异响", "李华", "13900001111", "", "已转物业,答复居民", "", "",
                        "2025-12-30 15:00", "", "咨询",
                    ],
                    ["A-3", "2026-02-27", "12345", "漏水", "yuanlin-grid2", "楼道渗水", "赵敏", "13700002222", "街道", "", "", "", "", "", ""],
                ])
            let report = try await importer.run(.tickets, table: table, mapping: Self.mapping, options: .init())
            #expect(report.problems.isEmpty, "\(report.lines)")
            #expect(report.rows == 3 && report.written == 3 && report.ignoredColumns == ["备注"])

            let closed = try #require(try await database.tickets.ticket(number: "MS-2025-000001"))
            #expect(
                closed.state.status == .closed && closed.state.satisfaction == .satisfied
                    && closed.state.leadOrganization == "guanghua-street")
            #expect(closed.state.channel == .hotline && closed.state.kind == .complaint && closed.state.requester.phone == "13812345678")
            #expect(closed.state.description == "三栋顶楼漏水\n\n原系统编号：A-1")
            #expect(closed.events.map(\.change.type) == ["created", "dispatched", "acknowledged", "replied", "followedUp"])
            #expect(closed.events.first?.occurredAt == ImportTime.parse("2025-06-03 09:15"))
            #expect(closed.events.last?.occurredAt == ImportTime.parse("2025-06-06 10:00"))
            #expect(closed.events.allSatisfy { $0.actor.username == "import" })
            let answered = try #require(try await database.tickets.ticket(number: "MS-2025-000002"))
            #expect(answered.state.status == .closed && answered.events.map(\.change.type) == ["created", "answered"])
            let open = try #require(try await database.tickets.ticket(number: "MS-2026-000001"))
            #expect(open.state.status == .inProgress && open.state.receivedAt == ImportTime.parse("2026-02-27 00:00"))

            // New requests continue the year's numbers after the imported ones.
            let draft = TicketDraft(
                channel: .web, kind: .help, category: "housing.leak", area: "jiangzuan-grid1", intakePoint: nil, urgency: .normal,
                description: "新的诉求", requester: Requester(name: "孙", phone: "13600000000"), trackingCode: nil,
                holder: "joint", suggestedOrganization: nil, suggestedDepartment: nil)
            let next = try await database.tickets.create(
                draft, by: .publicRequester, at: Self.now, idempotencyKey: nil, replayWindow: nil, photos: [])
            #expect(next.ticket.state.number == "MS-2026-000002")
            // Contacts are sealed at rest like any other ticket's.
            let payloads = try await database.backend.read { sql in
                try await sql.raw("SELECT payload FROM ticket_events").all().map { try $0.decode(column: "payload", as: String.self) }
            }
            #expect(!payloads.isEmpty && !payloads.contains { $0.contains("13812345678") })
        }
    }

    @Test func aBadRowWritesNothingAndIsReportedWithItsCellUnlessSkipped() async throws {
        try await Self.withImport { database, importer in
            let table = ImportTable(
                headers: Self.headers,
                rows: [
                    [
                        "B-1", "2025-06-03 09:15", "12345", "漏水", "jiangzuan-grid1", "三栋顶楼漏水", "王华", "13812345678", "街道", "已修复",
                        "2025-06-05", "满意", "2025-06-06", "", "",
                    ],
                    ["B-2", "2025-13-03", "12345", "下水道", "moon", "x", "", "123", "街道", "", "", "", "2025-06-06", "", ""],
                    ["B-3", "2027-01-01", "传真", "漏水", "jiangzuan-grid1", "来年的诉求", "王华", "13812345678", "", "", "", "不满意", "", "", ""],
                    [
                        "B-4", "2025-06-03 09:15", "12345", "漏水", "jiangzuan-grid1", "办结没有回访", "王华", "13812345678", "街道", "已修复", "", "",
                        "2025-06-06", "", "",
                    ],
                ])
            let dry = try await importer.run(.tickets, table: table, mapping: Self.mapping, options: .init(dryRun: true))
            #expect(dry.valid == 1 && dry.written == 0)
            let expected = [
                "row 2: area unknown (\"moon\")", "row 2: category unknown (\"下水道\")", "row 2: description tooShort (\"x\")",
                "row 2: name required", "row 2: phone invalid (\"123\")", "row 2: receivedAt invalid (\"2025-13-03\")",
                "row 2: reply required",
                "row 3: channel invalid (\"传真\")", "row 3: receivedAt invalid (\"2027-01-01\")",
                "row 3: satisfaction invalid (\"不满意\")", "row 4: satisfaction required",
            ]
            // Rows are the file's lines: the header is line 1.
            #expect(
                Set(
                    expected.map {
                        $0.replacingOccurrences(of: "row 4", with: "row 5").replacingOccurrences(of: "row 3", with: "row 4")
                            .replacingOccurrences(of: "row 2", with: "row 3")
                    }
                )
                .isSubset(of: Set(dry.lines)), "\(dry.lines)")
            let refused = try await importer.run(.tickets, table: table, mapping: Self.mapping, options: .init())
            #expect(refused.written == 0)
            #expect(try await database.tickets.tickets(matching: TicketQuery()).total == 0)
            let skipped = try await importer.run(.tickets, table: table, mapping: Self.mapping, options: .init(skipInvalid: true))
            #expect(skipped.written == 1)
            #expect(try await database.tickets.tickets(matching: TicketQuery()).total == 1)

            // A required column missing from the file is a problem of the header row.
            let noDates = try await importer.run(
                .tickets, table: ImportTable(headers: ["问题类别", "所属网格", "诉求内容"], rows: [["漏水", "yuanlin", "漏水了"]]),
                mapping: Self.mapping, options: .init())
            #expect(noDates.lines == ["row 1: receivedAt required"] && noDates.written == 0)
        }
    }

    @Test func csvAndXLSXFilesAreReadAlike() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("old.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("受理时间,诉求内容,姓名\r\n2025-06-03 09:15,\"漏水, 很严重\n楼上\",王华\r\n,,\r\n".utf8)).write(to: csv)
        let fromCSV = try TabularFile.read(csv)
        #expect(fromCSV.headers == ["受理时间", "诉求内容", "姓名"])
        #expect(fromCSV.rows == [["2025-06-03 09:15", "漏水, 很严重\n楼上", "王华"]])
        let xlsx = directory.appendingPathComponent("old.xlsx")
        try XLSXWorkbook(sheets: [.init(name: "诉求", rows: [["受理时间", "诉求内容", "姓名"], ["2025-06-03 09:15", "漏水, 很严重\n楼上", "王华"]])])
            .data().write(to: xlsx)
        #expect(try TabularFile.read(xlsx) == fromCSV)
        #expect(throws: TabularFile.Unreadable.self) { try TabularFile.read(directory.appendingPathComponent("old.txt")) }
        try Data("not a zip".utf8).write(to: directory.appendingPathComponent("fake.xlsx"))
        #expect(throws: TabularFile.Unreadable.self) { try TabularFile.read(directory.appendingPathComponent("fake.xlsx")) }
        // A damaged workbook is refused, not read up to the damage: a sheet cut off mid-row, a shared-strings part
        // that is not XML, an entry whose bytes do not match its checksum.
        // (A stored workbook's bytes as Latin-1 text, so that a byte can be changed and written back as it was.)
        func workbook(_ name: String, _ parts: [(String, String)]) throws -> URL {
            let zip = try ZipArchive(compressed: false)
            for (path, text) in parts { try zip.add(path, Data(text.utf8)) }
            let file = directory.appendingPathComponent(name)
            try zip.bytes.write(to: file)
            return file
        }
        let sheet =
            #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>受理时间</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>2025-06-04</t></is></c></row></sheetData></worksheet>"#
        let intactFile = try workbook("intact.xlsx", [("xl/worksheets/sheet1.xml", sheet)])
        #expect(try TabularFile.read(intactFile).rows == [["2025-06-04"]])
        let intact = try #require(String(data: try Data(contentsOf: intactFile), encoding: .isoLatin1))
        try #require(intact.contains("2025-06-04"))
        let cut =
            #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>受理时间</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>2025"#
        for file in [
            try workbook("cut.xlsx", [("xl/worksheets/sheet1.xml", cut)]),
            try workbook(
                "strings.xlsx",
                [("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>"), ("xl/sharedStrings.xml", "<sst><si><t>a</si>")]),
        ] {
            #expect(throws: TabularFile.Unreadable.self) { try TabularFile.read(file) }
        }
        let corrupted = directory.appendingPathComponent("corrupted.xlsx")
        try #require(intact.replacingOccurrences(of: "2025-06-04", with: "2025-06-05").data(using: .isoLatin1)).write(to: corrupted)
        #expect(throws: TabularFile.Unreadable.self) { try TabularFile.read(corrupted) }
        try Data([0xB2, 0xE2, 0xCA, 0xD4, 0x2C, 0x61]).write(to: directory.appendingPathComponent("gbk.csv"))  // "测试,a" in GBK
        #expect(throws: TabularFile.Unreadable.self) { try TabularFile.read(directory.appendingPathComponent("gbk.csv")) }
        // Spreadsheet dates may come as serial day numbers.
        #expect(ImportTime.parse("45811.5") == ImportTime.parse("2025-06-03 12:00"))
        #expect(ImportTime.parse("2025-02-29") == nil && ImportTime.parse("2025-06-03 24:00") == nil)
    }

    /// A GeoJSON FeatureCollection draws known areas and adds new ones; a boundary that crosses itself or leaves its
    /// parent is named by row, and nothing is written while any row is bad.
    @Test func areaBoundariesAreImportedFromGeoJSONAndCheckedAmongAllAreas() async throws {
        try await Self.withImport { database, importer in
            let demo = Fixtures.reference
            let grid = try #require(demo.area("wuqi-grid1")?.boundary)
            let centre = try #require(grid.labelPoint)
            // The grid drawn at half its size around its centre: still inside its community.
            let smaller = AreaBoundary(
                polygons: grid.polygons.map { polygon in
                    GeoPolygon(
                        rings: polygon.rings.map { ring in
                            ring.map {
                                GeoPoint(
                                    latitude: centre.latitude + ($0.latitude - centre.latitude) / 2,
                                    longitude: centre.longitude + ($0.longitude - centre.longitude) / 2)
                            }
                        })
                })
            let far = #"{"type":"Polygon","coordinates":[[[114.30,30.59],[114.31,30.59],[114.31,30.60],[114.30,30.59]]]}"#
            let bowTie =
                #"{"type":"Polygon","coordinates":[[[112.621,30.417],[112.625,30.420],[112.625,30.417],[112.621,30.420],[112.621,30.417]]]}"#
            func collection(_ features: [(properties: String, geometry: String)]) -> Data {
                let items = features.map { #"{"type":"Feature","properties":\#($0.properties),"geometry":\#($0.geometry)}"# }
                return Data(#"{"type":"FeatureCollection","features":[\#(items.joined(separator: ","))]}"#.utf8)
            }
            let bad = try TabularFile.geoJSON(
                collection([
                    (#"{"code":"wuqi-grid1"}"#, smaller.geoJSON),
                    (#"{"code":"wuqi-grid2"}"#, bowTie),
                    (#"{"code":"xinhe","parent":"guanghua-area","name":"新河社区","name_en":"Xinhe"}"#, far),
                    (#"{"code":"nowhere-grid","parent":"nowhere","name":"无","name_en":"None"}"#, far),
                ]))
            let refused = try await importer.run(.areas, table: bad, mapping: ImportMapping(), options: .init())
            #expect(refused.written == 0)
            #expect(refused.lines.contains(where: { $0.hasPrefix("row 3: boundary boundarySelfIntersecting") }), "\(refused.lines)")
            #expect(refused.lines.contains(where: { $0.hasPrefix("row 4: boundary boundaryOutsideParent") }), "\(refused.lines)")
            #expect(refused.lines.allSatisfy { $0.count < 140 }, "a boundary is shown by its beginning")
            #expect(refused.lines.contains(where: { $0.hasPrefix("row 5: parent unknown") }), "\(refused.lines)")
            #expect(try await database.reference.referenceData().area("wuqi-grid1")?.boundary == grid)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("areas-\(UUID().uuidString).geojson")
            try collection([(#"{"code":"wuqi-grid1"}"#, smaller.geoJSON)]).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let drawn = try await importer.run(.areas, table: try TabularFile.read(file), mapping: ImportMapping(), options: .init())
            #expect(drawn.written == 1 && drawn.problems.isEmpty, "\(drawn.lines)")
            let reference = try await database.reference.referenceData()
            #expect(reference.area("wuqi-grid1")?.boundary == smaller)
            #expect(reference.area("wuqi-grid1")?.name == demo.area("wuqi-grid1")?.name, "names are kept")
            // The part of the community the grid no longer covers is placed in the community itself.
            let corner = try #require(grid.polygons.first?.outer.first)
            let inside = GeoPoint(latitude: corner.latitude + 0.0002, longitude: corner.longitude + 0.0002)
            #expect(reference.areaLocator.area(containing: inside) == "wuqi")
        }
    }

    @Test func areasUsersAndHouseholdsAreImportedWithTheirOwnRules() async throws {
        try await Self.withImport { database, importer in
            let areas = try await importer.run(
                .areas,
                table: ImportTable(
                    headers: ["code", "parent", "name", "nameEn"],
                    rows: [
                        ["xinhe", "guanghua-area", "新河社区", "Xinhe Community"],
                        ["xinhe-grid1", "xinhe", "新河社区第一网格", "Xinhe grid 1"],
                        ["jiangzuan", "guanghua-area", "江钻小区", "Jiangzuan"],
                        ["Bad Code", "nowhere", "", "x"],
                    ]), mapping: ImportMapping(), options: .init(skipInvalid: true))
            #expect(areas.written == 2 && areas.lines.contains("row 4: code duplicate (\"jiangzuan\")"))
            #expect(
                areas.lines.contains("row 5: parent unknown (\"nowhere\")") && areas.lines.contains("row 5: code invalid (\"Bad Code\")"))
            let reference = try await database.reference.referenceData()
            #expect(reference.hasArea("xinhe-grid1") && reference.areaTree.isSelfOrAncestor("guanghua-area", of: "xinhe-grid1"))
            #expect(reference.categories == Fixtures.reference.categories)

            let users = try await importer.run(
                .users,
                table: ImportTable(
                    headers: ["username", "organization", "role", "department", "password"],
                    rows: [
                        ["gh.wang", "guanghua-street", "handler", "gh-construction", ""],
                        ["gh.li", "guanghua-street", "dispatcher", "", "Correct-Horse-7"],
                        ["gh.zhao", "guanghua-street", "handler", "", "123"],
                        ["gh.li", "guanghua-street", "chief", "", ""],
                    ]), mapping: ImportMapping(), options: .init())
            #expect(
                users.written == 0 && users.lines.contains("row 4: department required")
                    && users.lines.contains("row 5: username duplicate (\"gh.li\")"))
            #expect(users.lines.contains("row 5: role invalid (\"chief\")") && users.lines.contains { $0.hasPrefix("row 4: password") })
            let good = try await importer.run(
                .users,
                table: ImportTable(
                    headers: ["username", "organization", "role", "department", "password"],
                    rows: [
                        ["gh.wang", "guanghua-street", "handler", "gh-construction", ""],
                        ["gh.li", "guanghua-street", "dispatcher", "", "Correct-Horse-7"],
                    ]), mapping: ImportMapping(), options: .init())
            #expect(good.written == 2 && good.generatedPasswords.map(\.username) == ["gh.wang"])
            let generated = try #require(good.generatedPasswords.first?.password)
            #expect(PasswordPolicy.problems(generated, username: "gh.wang").isEmpty)
            let wang = try #require(try await database.accounts.account(username: "gh.wang"))
            #expect(wang.role == .handler && wang.department == "gh-construction")
            #expect(try await PasswordHasher().verify(generated, hash: wang.passwordHash))

            let households = ImportTable(
                headers: ["姓名", "电话", "住址", "网格", "类型", "同意", "同意日期"],
                rows: [
                    ["刘桂兰", "13797169876", "五七小区3栋", "wuqi-grid1", "elderlyAlone", "是", "2025-05-01"],
                    ["陈大爷", "", "园林小区1栋", "yuanlin-grid1", "hardship", "否", "2025-05-01"],
                ])
            let householdMapping = ImportMapping(
                columns: [
                    "姓名": "name", "电话": "phone", "住址": "address", "网格": "area", "类型": "type",
                    "同意": "consent", "同意日期": "consentOn",
                ], codes: ["consent": ["是": "yes", "否": "no"]])
            #expect(
                try await importer.run(.households, table: households, mapping: householdMapping, options: .init()).lines == [
                    "row 1: organization required"
                ])
            let registered = try await importer.run(
                .households, table: households, mapping: householdMapping,
                options: .init(skipInvalid: true, organization: "jianghan-oilfield"))
            #expect(registered.written == 1 && registered.lines == ["row 3: consent required (\"no\")"])
            let records = try await database.registers.records(.household, organization: nil)
            #expect(records.records.count == 1 && records.records.first?.organization == "jianghan-oilfield")
            let fields = try await database.backend.read { sql in
                try await sql.raw("SELECT fields FROM register_records").all().map { try $0.decode(column: "fields", as: String.self) }
            }
            #expect(fields.count == 1 && !fields[0].contains("刘桂兰"))
        }
    }
}
