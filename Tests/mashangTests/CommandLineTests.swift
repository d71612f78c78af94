import Foundation
import Glibc
import Logging
import MashangCore
import MashangStore
import MashangTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `mashang` executable as a newcomer uses it, run as a real process on a real data directory.
struct CommandLineTests {
    /// `.build/debug/mashang`, built by `swift build --build-tests` next to the test bundle.
    static let executable: URL = {
        let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let nextToTests = buildDirectory.appendingPathComponent("mashang")
        if FileManager.default.isExecutableFile(atPath: nextToTests.path) { return nextToTests }
        // `swift test` runs the bundle through a helper; fall back to the package's debug folder.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/mashang")
    }()

    @discardableResult
    static func mashang(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> ChildProcess.Result {
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "\(executable.path) is missing: build it first (scripts/test runs swift build --build-tests)")
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        env["MASHANG_DATA_KEY"] = nil
        for (key, value) in environment { env[key] = value }
        return try ChildProcess.run(executable.path, arguments, environment: env, input: input)
    }

    static func withDataDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    /// A new data directory with a data key, and its database opened.
    static func prepare(_ directory: String) async throws -> MashangDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ContactCipher.generateKey().write(toFile: directory + "/data.key", atomically: true, encoding: .utf8)
        return try await open(directory)
    }

    static func open(_ directory: String) async throws -> MashangDatabase {
        try await MashangDatabase.open(
            .sqlite(directory: directory),
            cipher: try ContactCipher(base64: String(contentsOfFile: directory + "/data.key", encoding: .utf8)),
            logger: Logger(label: "cli-test"))
    }

    /// Demo tickets with whole histories, received over `days` days up to `end`.
    static func demoTickets(count: Int, seed: UInt64, days: Int, end: Date) throws -> [StoredTicket] {
        let reference = DemoReference.referenceData
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: seed)
        return try generator.generate(count: count, from: end.addingTimeInterval(-Double(days) * 86_400), to: end)
    }

    @Test func exportWritesEveryTicketWithItsHistoryMaskedByDefault() async throws {
        try await Self.withDataDirectory { directory in
            let database = try await Self.prepare(directory)
            let reference = DemoReference.referenceData
            let end = Date(timeIntervalSince1970: 1_772_416_800)
            let tickets = try Self.demoTickets(count: 40, seed: 3, days: 30, end: end)
            try await database.tickets.importTickets(tickets)
            let helper = StaffActor(
                username: "jh.assistance", organization: "jianghan-oilfield", organizationKind: .enterprise, role: .assistance,
                department: nil)
            let opening = try RegisterEngine.open(
                .household,
                [
                    "name": .text("刘桂兰"), "phone": .text("13797169876"), "address": .text("五七小区"), "area": .text("jiangzuan-grid1"),
                    "type": .text("elderlyAlone"), "consent": .text("yes"), "consentOn": .text("2026-03-01"),
                ],
                by: helper, reference: reference, today: ChinaDay(end))
            _ = try await database.registers.create(.household, opening, by: helper.eventActor, at: end)
            try await database.close()

            let jsonl = try Self.mashang(["export", "--data", directory])
            #expect(jsonl.status == 0, "\(jsonl.output)")
            let lines = jsonl.output.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(lines.count == 40 && jsonl.output.contains("exported 40 tickets"))
            for (line, ticket) in zip(lines, tickets) {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect((object["ticket"] as? [String: Any])?["number"] as? String == ticket.state.number)
                #expect((object["events"] as? [Any])?.count == ticket.events.count)
            }
            let phones = tickets.compactMap(\.state.requester.phone)
            #expect(!phones.isEmpty && !phones.contains { jsonl.output.contains($0) } && !jsonl.output.contains("trackingCode"))

            let file = directory + "/tickets.csv"
            #expect(try Self.mashang(["export", "--data", directory, "--format", "csv", "--output", file]).status == 0)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))  // the byte-order mark spreadsheets need
            let csv = String(decoding: bytes, as: UTF8.self)
            #expect(csv.contains("\"number\",\"status\"") && csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 41)
            #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try Self.mashang(["export", "--data", directory, "--format", "csv", "--output", file]).status != 0)
            let clear = try Self.mashang(["export", "--data", directory, "--contacts", "clear"])
            #expect(phones.allSatisfy { clear.output.contains($0) })
            let period = try Self.mashang(["export", "--data", directory, "--from", "2030-01-01"])
            #expect(period.status == 0 && period.output.contains("exported 0 tickets"))
            #expect(try Self.mashang(["export", "--data", directory, "--from", "2026-02-30"]).status != 0)
            let registers = try Self.mashang(["export", "--data", directory, "--what", "registers"])
            #expect(registers.status == 0 && registers.output.contains("exported 1 records"), "\(registers.output)")
            #expect(
                registers.output.contains("137****9876") && !registers.output.contains("13797169876") && !registers.output.contains("刘桂兰"))
            let clearRegisters = try Self.mashang(["export", "--data", directory, "--what", "registers", "--contacts", "clear"])
            #expect(clearRegisters.output.contains("13797169876") && clearRegisters.output.contains("刘桂兰"))
            #expect(try Self.mashang(["export", "--data", directory, "--what", "registers", "--format", "csv"]).status != 0)
        }
    }

    @Test func importChecksEveryRowThenWritesAllOrNothingThroughTheCommandLine() async throws {
        try await Self.withDataDirectory { directory in
            let database = try await Self.prepare(directory)
            try await database.reference.replaceReferenceData(DemoReference.referenceData, rules: DemoReference.rules)
            try await database.close()
            let csv = directory + "/old.csv"
            try """
            编号,受理时间,类别,网格,内容,姓名,电话,承办单位,答复,回访,办结时间
            Q-1,2025-06-03 09:15,漏水,jiangzuan-grid1,三栋顶楼漏水,王华,13812345678,guanghua-street,已修复,满意,2025-06-06 10:00
            Q-2,2025-06-04,下水道,jiangzuan-grid1,下水道堵了,李华,13900001111,,,,
            Q-3,2025-06-05,漏水,yuanlin-grid2,楼道渗水,赵敏,13700002222,guanghua-street,,,

            """.write(toFile: csv, atomically: true, encoding: .utf8)
            let mapping = directory + "/mapping.json"
            try """
            {"columns": {"编号": "sourceNumber", "受理时间": "receivedAt", "类别": "category", "网格": "area", "内容": "description",
             "姓名": "name", "电话": "phone", "承办单位": "organization", "答复": "reply", "回访": "satisfaction", "办结时间": "closedAt"},
             "codes": {"category": {"漏水": "housing.leak"}, "satisfaction": {"满意": "satisfied"}}}
            """.write(toFile: mapping, atomically: true, encoding: .utf8)
            let dry = try Self.mashang(["import", "tickets", csv, "--mapping", mapping, "--dry-run", "--data", directory])
            #expect(dry.status == 1 && dry.output.contains("row 3: category unknown (\"下水道\")"), "\(dry.output)")
            #expect(dry.output.contains("dry run: 3 rows, 2 valid, 1 with problems; nothing written"))
            let refused = try Self.mashang(["import", "tickets", csv, "--mapping", mapping, "--data", directory])
            #expect(refused.status == 1 && refused.output.contains("nothing written"))
            let skipped = try Self.mashang(["import", "tickets", csv, "--mapping", mapping, "--skip-invalid", "--data", directory])
            #expect(skipped.status == 0 && skipped.output.contains("2 tickets imported of 3 rows, 1 skipped"), "\(skipped.output)")
            let exported = try Self.mashang(["export", "--data", directory])
            #expect(exported.output.contains("exported 2 tickets") && exported.output.contains("原系统编号：Q-1"))
            #expect(try Self.mashang(["import", "tickets", directory + "/missing.txt", "--data", directory]).status != 0)

            let users = directory + "/users.csv"
            try "username,organization,role,department\ngh.wang,guanghua-street,handler,gh-construction\n".write(
                toFile: users, atomically: true, encoding: .utf8)
            let noCredentials = try Self.mashang(["import", "users", users, "--data", directory])
            #expect(noCredentials.status != 0 && noCredentials.output.contains("--credentials"))
            let credentials = directory + "/credentials.csv"
            let imported = try Self.mashang(["import", "users", users, "--credentials", credentials, "--data", directory])
            #expect(imported.status == 0 && imported.output.contains("1 users imported"), "\(imported.output)")
            #expect((try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try String(contentsOfFile: credentials, encoding: .utf8).hasPrefix("username,password\ngh.wang,"))

            // Everything, one file per kind, in a new owner-only directory.
            let everything = directory + "/everything"
            let all = try Self.mashang(["export", "--what", "all", "--output", everything, "--data", directory])
            #expect(
                all.status == 0 && all.output.contains("exported 2 tickets") && all.output.contains("exported 1 users"), "\(all.output)")
            #expect((try FileManager.default.attributesOfItem(atPath: everything)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            let usersFile = try String(contentsOfFile: everything + "/users.jsonl", encoding: .utf8)
            #expect(usersFile.contains("\"username\":\"gh.wang\"") && !usersFile.contains("$2"))
            let referenceFile = try String(contentsOfFile: everything + "/reference.jsonl", encoding: .utf8)
            #expect(
                referenceFile.contains("\"type\":\"category\"") && referenceFile.contains("\"type\":\"dispatchRule\"")
                    && referenceFile.contains("楼栋及单元"))
            #expect(
                FileManager.default.fileExists(atPath: everything + "/audit.jsonl")
                    && FileManager.default.fileExists(atPath: everything + "/registers.jsonl"))
            #expect(try Self.mashang(["export", "--what", "all", "--output", everything, "--data", directory]).status != 0)
            #expect(try Self.mashang(["export", "--what", "users", "--format", "csv", "--data", directory]).status != 0)
        }
    }

    @Test func backupAndRestoreThroughTheCommandLine() async throws {
        try await Self.withDataDirectory { directory in
            #expect(try Self.mashang(["migrate", "--data", directory + "/live"]).status == 0)
            let file = directory + "/copy.sqlite"
            let backup = try Self.mashang(["backup", "--data", directory + "/live", "--to", file])
            #expect(
                backup.status == 0 && backup.output.contains("backup written") && backup.output.contains("data key"), "\(backup.output)")
            let again = try Self.mashang(["backup", "--data", directory + "/live", "--to", file])
            #expect(again.status != 0 && again.output.contains("exists already"))
            #expect(try Self.mashang(["restore", "--data", directory + "/restored", "--from", file]).status == 0)
            let over = try Self.mashang(["restore", "--data", directory + "/restored", "--from", file])
            #expect(over.status != 0 && over.output.contains("--replace"))
            #expect(try Self.mashang(["restore", "--data", directory + "/restored", "--from", file, "--replace"]).status == 0)
            let postgres = try Self.mashang(
                ["backup", "--to", directory + "/pg.sqlite"],
                environment: ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"])
            #expect(postgres.status != 0 && postgres.output.contains("pg_dump"))
        }
    }

    @Test func productionRefusesToStartWithoutADataKeyAndAcceptsAGeneratedOne() async throws {
        try await Self.withDataDirectory { directory in
            // A setting that does not parse stops the start before anything opens, naming the key.
            let misconfigured = try Self.mashang(
                ["serve", "--port", "0", "--data", directory], environment: ["MASHANG_TOKEN_HOURS": "12h"])
            #expect(
                misconfigured.status != 0 && misconfigured.output.contains("MASHANG_TOKEN_HOURS=12h: expected a whole number of hours"),
                "\(misconfigured.output)")
            let refused = try Self.mashang(["serve", "--port", "0", "--data", directory])
            #expect(refused.status != 0)
            #expect(refused.output.contains("No data key. Set MASHANG_DATA_KEY"), "\(refused.output)")
            let bad = try Self.mashang(["migrate", "--data", directory], environment: ["MASHANG_DATA_KEY": "c2hvcnQ="])
            #expect(bad.status != 0)
            // Every command checks the shared settings the same way, and a secret is named, never repeated.
            #expect(bad.output.contains("MASHANG_DATA_KEY=(the value given): expected 32 random bytes in base64"), "\(bad.output)")
            #expect(!bad.output.contains("c2hvcnQ="))
            let generated = try Self.mashang(["key", "generate"])
            #expect(generated.status == 0)
            #expect(Data(base64Encoded: generated.output.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        }
    }

    @Test func migrateSeedAndUserAddPrepareADatabase() async throws {
        try await Self.withDataDirectory { directory in
            let migrated = try Self.mashang(["migrate", "--data", directory])
            #expect(migrated.status == 0, "\(migrated.output)")
            #expect(FileManager.default.fileExists(atPath: directory + "/mashang.sqlite"))

            let seeded = try Self.mashang(["seed", "--demo", "--data", directory])
            #expect(seeded.status == 0, "\(seeded.output)")
            #expect(seeded.output.contains("demo users' password (generated, shown once)"))
            let again = try Self.mashang(["seed", "--demo", "--data", directory], environment: ["MASHANG_DEMO_PASSWORD": "x"])
            #expect(again.output.contains("already holds data"))

            let added = try Self.mashang(
                [
                    "user", "add", "--username", "gh.li", "--organization", "guanghua-street",
                    "--role", "handler", "--department", "gh-property", "--data", directory,
                ],
                input: "a-long-password\n")
            #expect(added.status == 0, "\(added.output)")
            let duplicate = try Self.mashang(
                [
                    "user", "add", "--username", "gh.li", "--organization", "guanghua-street",
                    "--role", "dispatcher", "--data", directory,
                ], input: "a-long-password\n")
            #expect(duplicate.status != 0)
            #expect(duplicate.output.contains("taken"))
            let badRole = try Self.mashang(
                [
                    "user", "add", "--username", "x", "--organization", "joint", "--role", "king",
                    "--data", directory,
                ], input: "a-long-password\n")
            #expect(badRole.status != 0)

            // An administrator who lost the phone and the recovery codes: the factor is removed, with a reason, audited.
            try await Self.open(directory).closing { database in
                let admin = try #require(try await database.accounts.account(username: "joint.admin"))
                #expect(
                    try await database.accounts.enrolSecondFactor(
                        accountID: admin.id, secret: "JBSWY3DPEHPK3PXP", step: 1, recoveryDigests: [], at: Date()))
            }
            let reset = try Self.mashang([
                "user", "reset-2fa", "--username", "joint.admin", "--reason", "phone lost, ticket 42", "--data", directory,
            ])
            #expect(reset.status == 0, "\(reset.output)")
            let nothingToReset = try Self.mashang([
                "user", "reset-2fa", "--username", "joint.admin", "--reason", "again", "--data", directory,
            ])
            #expect(nothingToReset.status != 0 && nothingToReset.output.contains("has no second factor"))
            #expect(try Self.mashang(["user", "reset-2fa", "--username", "nobody", "--reason", "x", "--data", directory]).status != 0)

            try await Self.open(directory).closing { database in
                let admin = try #require(try await database.accounts.account(username: "joint.admin"))
                #expect(try await database.accounts.secondFactor(accountID: admin.id) == nil)
                let audit = try await database.audit.entries(matching: AuditQuery(action: "user.resetSecondFactor"))
                #expect(audit.map(\.subject) == ["joint.admin"] && audit.first?.detail == "phone lost, ticket 42")
                let tickets = try await database.tickets.tickets(matching: TicketQuery(pageSize: 1))
                #expect(tickets.total >= 3_000)
                let user = try #require(try await database.accounts.account(username: "gh.li"))
                #expect(user.role == .handler && user.department == "gh-property")
                #expect(user.passwordHash.hasPrefix("$2"))
                #expect(try await database.accounts.account(username: "joint.dispatcher") != nil)
            }
        }
    }

    @Test func serveWithTheDemoAnswersHealthAndSignsInDemoUsers() async throws {
        try await Self.withDataDirectory { directory in
            let port = try Self.freePort()
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = nil
            environment["MASHANG_DEMO_PASSWORD"] = "demo-password"
            environment["MASHANG_LOG_FORMAT"] = "json"
            let server = try ChildProcess.start(
                Self.executable.path, ["serve", "--demo", "--port", String(port), "--data", directory],
                environment: environment, output: .discard, errors: .capture)
            var stopped = false
            defer {
                if !stopped {
                    server.terminate()
                    server.wait()
                }
            }
            var health: String?
            for _ in 0..<120 where health == nil {
                try await Task.sleep(for: .milliseconds(500))
                health = try? await Self.get("http://127.0.0.1:\(port)/health")
            }
            #expect(health == #"{"status":"ok"}"#)
            let token = try await Self.post(
                "http://127.0.0.1:\(port)/api/v1/auth/token",
                body: #"{"username":"joint.dispatcher","password":"demo-password"}"#)
            #expect(token.contains("\"token\""))
            // A phone search: the number is in the query, which stays out of the log.
            let bearer = try #require((try JSONSerialization.jsonObject(with: Data(token.utf8)) as? [String: Any])?["token"] as? String)
            var search = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/tickets?phone=13912345678")!)
            search.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
            _ = try await URLSession.shared.data(for: search)

            // MASHANG_LOG_FORMAT=json: every log line (standard error) one JSON object; each request's lines carry its request id.
            server.terminate()
            let log = server.finish().output
            stopped = true
            let lines = log.split(separator: "\n").filter { !$0.isEmpty }
            let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            #expect(!lines.isEmpty && objects.count == lines.count, "not JSON: \(lines.filter { !$0.hasPrefix("{") }.prefix(3))")
            let healthLines = objects.filter { $0["hb.request.path"] == "/health" }
            #expect(
                !healthLines.isEmpty && healthLines.allSatisfy { $0["hb.request.id"] != nil && $0["level"] != nil && $0["time"] != nil })
            #expect(!log.contains("demo-password"))
            #expect(objects.contains { $0["hb.request.path"] == "/api/v1/tickets" }, "the phone search was logged, by its path")
            #expect(!log.contains("13912345678"), "a phone number in a query reached the log")
        }
    }

    @Test func anUnknownLogFormatIsRefusedAtStart() throws {
        let refused = try Self.mashang(
            ["serve", "--port", "0", "--data", "/tmp/mashang-unused"], environment: ["MASHANG_LOG_FORMAT": "xml"])
        #expect(refused.status != 0 && refused.output.contains("MASHANG_LOG_FORMAT=xml"))
    }

    /// A loopback port nothing listens on now (the kernel's choice for port 0), so the server does not meet another
    /// program's port by chance.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw NoFreePort() }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw NoFreePort() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func get(_ url: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }

    static func post(_ url: String, body: String) async throws -> String {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}

struct NoFreePort: Error {}
