import Foundation
import MashangCore
import SwiftCSV
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of a `.csv` (UTF-8, with or without a byte order mark) or `.xlsx` file as an `ImportTable`.
public enum TabularFile {
    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ url: URL) throws -> ImportTable {
        switch url.pathExtension.lowercased() {
        case "csv": return try csv(Data(contentsOf: url))
        case "xlsx": return try xlsx(url)
        case "geojson", "json": return try geoJSON(Data(contentsOf: url))
        default:
            throw Unreadable(description: "\(url.lastPathComponent): only .csv (UTF-8), .xlsx and .geojson files can be imported")
        }
    }

    /// A GeoJSON FeatureCollection of areas: one row per feature, its properties `code`, `parent`, `name` and
    /// `name_en` (or `nameEn`) as columns and its geometry as the `boundary` column.
    public static func geoJSON(_ data: Data) throws -> ImportTable {
        let features: [GeoJSONFeature]
        do {
            features = try JSONDecoder().decode(GeoJSONFeatures.self, from: data).features
        } catch {
            throw Unreadable(description: "the GeoJSON file cannot be read (a FeatureCollection of Polygons or MultiPolygons): \(error)")
        }
        let columns = ["code", "parent", "name", "nameEn"]
        return ImportTable(
            headers: columns + ["boundary"],
            rows: features.map { feature in
                columns.map { feature.properties[$0] ?? ($0 == "nameEn" ? feature.properties["name_en"] : nil) ?? "" }
                    + [feature.geometry.geoJSON]
            })
    }

    public static func csv(_ data: Data) throws -> ImportTable {
        guard let text = String(data: data, encoding: .utf8) else {
            throw Unreadable(description: "the CSV file is not UTF-8: save it as \"CSV UTF-8\"")
        }
        do {
            let parsed = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
            return ImportTable(headers: parsed.header, rows: parsed.rows)
        } catch {
            throw Unreadable(description: "the CSV file cannot be read: \(error)")
        }
    }

    public static func xlsx(_ url: URL) throws -> ImportTable {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Unreadable(description: "\(url.lastPathComponent) is not an XLSX workbook")
        }
        func entry(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            let checksum: UInt32
            do {
                checksum = try archive.extract(entry) { data.append($0) }
            } catch {
                throw Unreadable(description: "\(url.lastPathComponent) is damaged: \(path) cannot be extracted (\(error))")
            }
            // ZIPFoundation checks the checksum only when it extracts to a file.
            guard checksum == entry.checksum else {
                throw Unreadable(description: "\(url.lastPathComponent) is damaged: \(path) does not match its checksum")
            }
            return data
        }
        guard let sheet = try entry("xl/worksheets/sheet1.xml") else {
            throw Unreadable(description: "\(url.lastPathComponent) has no first worksheet")
        }
        // A part that is not well-formed XML would otherwise give the rows before the damage, as if they were all.
        func damaged(_ path: String) -> Unreadable {
            Unreadable(description: "\(url.lastPathComponent) is damaged: \(path) is not well-formed XML")
        }
        var shared: [String] = []
        if let strings = try entry("xl/sharedStrings.xml") {
            guard let parsed = SheetXML.sharedStrings(strings) else { throw damaged("xl/sharedStrings.xml") }
            shared = parsed
        }
        guard let rows = SheetXML.rows(sheet, shared: shared) else { throw damaged("xl/worksheets/sheet1.xml") }
        guard let header = rows.first else { return ImportTable(headers: [], rows: []) }
        return ImportTable(headers: header, rows: Array(rows.dropFirst()))
    }
}

/// The parts of SpreadsheetML an import needs: shared strings, and the cells of a sheet by row and column. Each is
/// nil when the part is not a whole XML document: Foundation's parser on Linux reports no error for a document cut
/// off part-way, and reading up to the cut would import the rows before it as if they were all.
public enum SheetXML {
    public static func sharedStrings(_ data: Data) -> [String]? {
        final class Reader: PartReader {
            var strings: [String] = []
            var current: String?
            var inText = false
            override func start(_ name: String, _ attributes: [String: String]) {
                if name == "si" { current = "" }
                if name == "t" { inText = true }
            }
            override func text(_ string: String) { if inText { current? += string } }
            override func end(_ name: String) {
                if name == "t" { inText = false }
                if name == "si" { strings.append(current ?? ""); current = nil }
            }
        }
        let reader = Reader()
        return reader.read(data) ? reader.strings : nil
    }

    public static func rows(_ data: Data, shared: [String]) -> [[String]]? {
        final class Reader: PartReader {
            let shared: [String]
            var rows: [Int: [Int: String]] = [:]
            var cell: (row: Int, column: Int, type: String)?
            var value = ""
            var capturing = false
            init(shared: [String]) { self.shared = shared }
            override func start(_ name: String, _ attributes: [String: String]) {
                switch name {
                case "c":
                    let reference = attributes["r"] ?? ""
                    let letters = reference.prefix { $0.isLetter }
                    let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
                    cell = (Int(reference.dropFirst(letters.count)) ?? (rows.keys.max() ?? 0), max(0, column), attributes["t"] ?? "n")
                    value = ""
                case "v", "t":
                    capturing = cell != nil
                default:
                    break
                }
            }
            override func text(_ string: String) { if capturing { value += string } }
            override func end(_ name: String) {
                switch name {
                case "v", "t":
                    capturing = false
                case "c":
                    if let cell {
                        let text = cell.type == "s" ? Int(value).flatMap { $0 < shared.count ? shared[$0] : nil } ?? "" : value
                        rows[cell.row, default: [:]][cell.column] = cell.type == "b" ? (value == "1" ? "true" : "false") : text
                    }
                    cell = nil
                default:
                    break
                }
            }
        }
        let reader = Reader(shared: shared)
        guard reader.read(data) else { return nil }
        return reader.rows.keys.sorted().map { index in
            let cells = reader.rows[index]!
            let width = (cells.keys.max() ?? -1) + 1
            return (0..<width).map { cells[$0] ?? "" }
        }
    }
}

/// A reader of one XML part, told of its elements and text; `read` is true only when the parser reported no error
/// and the root element was closed.
public class PartReader: NSObject, XMLParserDelegate {
    private var depth = 0
    private var closed = false

    public func start(_ name: String, _ attributes: [String: String]) {}
    public func text(_ string: String) {}
    public func end(_ name: String) {}

    public func read(_ data: Data) -> Bool {
        let parser = XMLParser(data: data)
        parser.delegate = self
        return parser.parse() && closed
    }

    public func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        start(name, attributes)
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        end(name)
        depth -= 1
        if depth == 0 { closed = true }
    }
}
