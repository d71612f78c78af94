import Crypto
import Foundation
import Testing

@testable import MashangStore

/// A landed migration is frozen: its statements, for both databases, must hash to what was recorded when it landed.
/// A new migration adds its line here; changing an old one (or a core type it used to build from) fails this test.
@Suite struct MigrationChecksumTests {
    static let recorded: [String: String] = [
        "0001_core_schema": "e85be5cd96c0d6cf4aa1bde79a92dac19876f765fec87d15e41fcc0fb7f78962",
        "0002_sessions": "c719db75b2ee56b78dbe02d8ea8b05e1bf571ab77014dbb489044cc4c0a57872",
        "0003_photos": "1220ee0a74cdfb8791223bdd7312f194741c93b4638cadc1a5cd65d0d27a1982",
        "0004_next_due": "8c26e1671ac57e0582fafdfed16989eedf964be3151b631f890e85bf986f6290",
        "0005_audit_log": "96c6f940c89e46376f2798a374d261b5c1dd4a7b6b72f933b649667e808ffa53",
        "0006_seal_contacts": "823e3c5df8803325725d09ba4fc36f43d436c27dc83ff3546f08f8c209139757",
        "0007_account_security": "d20bb3eb47e66a9c7e7bab45964da293ac342569921117e001095196e71db284",
        "0008_calendar": "418d49ea781966d823d357bc18c8c42dcf8f44d64111b8e702b68326ea0fccb4",
        "0009_sweep_at": "2d89058877231142fd3ca16ad2de4da3ee05ee07e9bb8861eadce2d490828fba",
        "0010_notifications": "d21c766b39d5febf966b99a290ada08d6427f331d6b6ce939c8724ef37de443d",
        "0011_webhooks": "992ec94f4f61bd5cc3abb04e903d411d8c279b197aa756e10f688fc9c6f36e66",
        "0012_supervision_settings": "ea770524b2b1caa6e8689864051bfcb67fd3adffb10fe5904351872e43a7fe68",
        "0013_store_tasks": "1ce681cfb35a8b1a517e7e019443414abf6de9e520c1724bad46729f6cc73452",
        "0014_figures": "f396a0d6fa96a9e423ddb8100531b75ed2d909711914cd9f14ac54d77944fd6b",
        "0015_common_issues": "54dbc28e5f42f95c1ea5ba0eef558cf6cfd1e1e3583b90bc36f43b9ecd27c5e3",
        "0016_exemplary_cases": "31ea79cfa175ff5246ab5c91409cb373cbe78287be0895646e632903c46e6d67",
        "0017_registers": "0118ae2981a25ad10754fc6cbdd1804bf6cef83e98bf0917059c7e118f7e299a",
        "0018_integrations": "cd65f4b2c3d309caf031fe85e546b8cc6bdb48665be41e86005979365d4886ca",
        "0019_list_filter_indexes": "3f53f081f4356407c23c0f9747e9e0e12f512bd7fcb0e641612580cbb12cf683",
        "0020_truthful_figures": "9613a9ab77f15a0f13326f2d3e66a6481086756f635f17b34a6a6d0b4f12ae34",
        "0021_merged_into": "8341d7dfea74145d3452328e9c1fc17bd893e6f21e8d41942c42f27399c459b4",
        "0022_unit_levels": "1991a1fb9f57e65511819128006393705915c614fe96a0139478b0108f33b23f",
        "0023_conduct_rollups": "8a6d98f2865fb730dc81b8c0ab3b23994b7b31c664c7356df5d0f56d3ba1a199",
        "0024_sent_by_organizations": "3c77d0dc446897486f5767770b0f158da703e24b637ddc20eb1d87d3f7aa31f1",
        "0025_retired_reference": "77477244e4ce493cd24fc6226578e0eb4ecf083197c2be86bf0f5ccd8eabb4b9",
        "0026_outbox": "7ca1904d9ac6a1d6ac33e0c75b5267c110f8e1edde3e3c923a5a00fc14b0ed54",
        "0027_rating_links": "f42d1f8c2f8dd421aee1bc9594d3d87bfb04a2b1f4ad291bd0498a07c9adfd8d",
        "0028_message_recipients": "4a672ff0e5f958c3439d57fc643be3e22dc244ac4308b225f5a5d4c6302cc923",
        "0029_rate_limit_hits": "b7696e443b9d09ef6f82e76c9885b2d99b30aec860e8ba1e218c73e1a94bcb02",
        "0030_tickets_by_lead": "c8f190b8a6e1eb044d36bddca4b4ad14bb782c72e3f4829ad316f4a244307f4f",
        "0031_rate_limit_windows": "8c7b7d9f161d6111bb399c48cee5c142bbed1af2898a7c0a75a7b154f059da1f",
        "0032_ticket_number_sequences": "f0da4d26bdc9a394d2f69344b4e2b90a559558ab6f37ce41f10762883eb8f46a",
        "0033_covering_list_indexes": "468dae88d1757ca3ffe11832502b2ee0cfd39a8c1f3bd50edbec7e79255bc32b",
        "0034_postgres_covering_list_indexes": "959a554dc31a9b7a28294aa8e7aafc5fb76e048f64ace474477b96e97d5cb85e",
        "0035_places": "6f195a5fb921abc19529d6097717364ffd378c1f1e3cbe9fb52e761eb3bd2cde",
        "0036_petitions": "0616381acf5debc40fb02d6a602855012da5c606d21d7daad3f168fe7398d35d",
        "0037_hash_chains": "76cea04e15da8d51321334f5bc81c4eafc2574c7d116f45ca393c1e090afab0c",
        "0038_append_only_audit": "fbd89e4284845828129f2167e9f98eda5dc66ca5af1ee5e5d20bfbd975630920",
        "0039_session_idle": "2ed538d827a75b8b401dc6818f3ef4f91d2da6818f4c12af5b02f136769756b5",
        "0040_audit_retention": "b8f5ce18767ff3a8c652be102c33133686b97b4d9f568ec4a837e9e0d9405b51",
        "0041_second_factor": "3e62fc6b892b94e1b4af00d3f049feb57b6c72009346f06b68a3308d7e5e45d5",
    ]

    static func digest(_ migration: Migration) -> String {
        let text = [SQLFlavor.sqlite, .postgres].map { migration.statements($0).joined(separator: "\n;\n") }.joined(separator: "\n--\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func landedMigrationsAreUnchanged() {
        let actual = Dictionary(uniqueKeysWithValues: Migrations.all.map { ($0.name, Self.digest($0)) })
        for (name, digest) in actual.sorted(by: { $0.key < $1.key }) {
            #expect(Self.recorded[name] == digest, "\(name) changed (or is new): \"\(name)\": \"\(digest)\",")
        }
        #expect(Set(actual.keys) == Set(Self.recorded.keys))
    }

    @Test func namesAreNumberedInOrderOnePerFile() throws {
        let names = Migrations.all.map(\.name)
        #expect(names == names.sorted())
        #expect(names.enumerated().allSatisfy { index, name in name.hasPrefix(String(format: "%04d_", index + 1)) })
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MashangStore/Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.first?.isNumber == true }
        #expect(Set(files) == Set(names.map { $0 + ".swift" }))
    }
}
