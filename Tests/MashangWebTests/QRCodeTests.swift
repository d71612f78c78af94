import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangTesting
import Testing

@testable import MashangWeb

enum QRTools {
    static let available =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert")
}

/// The encoder is checked by an independent decoder: the SVG is rasterised by librsvg and read by zbar.
@Suite(.enabled(if: QRTools.available, "QR decoding skipped: install zbar-tools and librsvg2-bin (as .ci/run does)"))
struct QRCodeTests {
    static func decode(_ svg: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgFile = directory.appendingPathComponent("code.svg"), pngFile = directory.appendingPathComponent("code.png")
        try Data(svg.utf8).write(to: svgFile)
        try run("/usr/bin/rsvg-convert", [svgFile.path, "-o", pngFile.path])
        return try run("/usr/bin/zbarimg", ["-q", "--raw", pngFile.path]).trimmingCharacters(in: .newlines)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        try ChildProcess.run(tool, arguments, errors: .discard).output
    }

    /// Lengths that need versions 1 to 12, so that alignment patterns, several blocks and version information are
    /// all exercised; Chinese text checks the byte mode with UTF-8.
    @Test(arguments: [1, 10, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251])
    func anIndependentDecoderReadsWhatWasEncoded(_ length: Int) throws {
        let text = String(("https://mashang.example/m/jiangzuan-school?" + String(repeating: "x", count: 300)).prefix(length))
        let code = try QRCode.encode(text)
        #expect(try Self.decode(QRCodeSVG.svg(code, title: "test")) == text)
    }

    @Test func chineseTextAndTheIntakeURLsOfTheDemoDecode() throws {
        for text in ["码上就办：江钻小区大门公告栏", "http://127.0.0.1:8080/m/drilling-workshop"] {
            #expect(try Self.decode(QRCodeSVG.svg(try QRCode.encode(text), title: "<&>")) == text)
        }
    }
}

struct QRCodeShapeTests {
    @Test func versionsGrowWithTheTextAndTooMuchIsRefused() throws {
        #expect(try QRCode.encode("hello").size == 21)
        #expect(try QRCode.encode(String(repeating: "a", count: 100)).size == 4 * 6 + 17)  // 100 bytes at level M: version 6
        #expect(throws: QRCode.EncodingError.tooLong) { try QRCode.encode(String(repeating: "a", count: 3000)) }
    }

    @Test func theSVGEscapesThePlaceName() throws {
        let svg = QRCodeSVG.svg(try QRCode.encode("x"), title: "<script>&\"")
        #expect(svg.contains("<title>&lt;script&gt;&amp;&quot;</title>"))
    }
}

struct QRPagesTests {
    @Test func staffPrintASheetOfChosenPointsAndEachCodeIsAlsoAnSVG() async throws {
        try await WebHarness.run { web in
            let svg = try await web.page(.get, "/qr/jiangzuan-school.svg")
            #expect(svg.headers[.contentType] == "image/svg+xml; charset=utf-8")
            #expect(svg.html.hasPrefix("<svg"))
            #expect(try await web.page(.get, "/qr/nowhere.svg").status == .notFound)
            let staff = try await web.signIn("joint.admin")
            let choose = try await web.page(.get, "/staff/qr", cookie: staff)
            #expect(choose.contains(#"value="jiangzuan-school""#))
            let sheet = try await web.page(.get, "/staff/qr?points=jiangzuan-school&points=wuqi-gate", cookie: staff)
            #expect(sheet.contains(#"id="qr-jiangzuan-school""#) && sheet.contains(#"id="qr-wuqi-gate""#))
            #expect(!sheet.contains(#"id="qr-joint-desk""#))
            #expect(sheet.contains("<svg") && sheet.contains("江钻小区中学旁便民通道"))
        }
    }
}
