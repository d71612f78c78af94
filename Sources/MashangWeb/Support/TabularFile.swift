import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MashangCore
import SwiftCSV
import ZIPFoundation

/// Reads the first sheet of a `.csv` (UTF-8, with or without a byte order mark) or `.xlsx` file as an `ImportTable`.
public enum TabularFile {
    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ url: URL) throws -> ImportTable {
        switch url.pathExtension.lowercased() {
        case "csv": return try csv(Data(contentsOf: url))
        case "xlsx": return try xlsx(url)
        default: throw Unreadable(description: "\(url.lastPathComponent): only .csv (UTF-8) and .xlsx files can be imported")
        }
    }

    static func csv(_ data: Data) throws -> ImportTable {
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

    static func xlsx(_ url: URL) throws -> ImportTable {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Unreadable(description: "\(url.lastPathComponent) is not an XLSX workbook")
        }
        func entry(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return data
        }
        guard let sheet = try entry("xl/worksheets/sheet1.xml") else {
            throw Unreadable(description: "\(url.lastPathComponent) has no first worksheet")
        }
        let shared = try entry("xl/sharedStrings.xml").map { SheetXML.sharedStrings($0) } ?? []
        let rows = SheetXML.rows(sheet, shared: shared)
        guard let header = rows.first else { return ImportTable(headers: [], rows: []) }
        return ImportTable(headers: header, rows: Array(rows.dropFirst()))
    }
}

/// The parts of SpreadsheetML an import needs: shared strings, and the cells of a sheet by row and column.
enum SheetXML {
    static func sharedStrings(_ data: Data) -> [String] {
        final class Reader: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current: String?
            var inText = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "si" { current = "" }
                if name == "t" { inText = true }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current? += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "t" { inText = false }
                if name == "si" { strings.append(current ?? ""); current = nil }
            }
        }
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.parse()
        return reader.strings
    }

    static func rows(_ data: Data, shared: [String]) -> [[String]] {
        final class Reader: NSObject, XMLParserDelegate {
            let shared: [String]
            var rows: [Int: [Int: String]] = [:]
            var cell: (row: Int, column: Int, type: String)?
            var value = ""
            var capturing = false
            init(shared: [String]) { self.shared = shared }
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
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
            func parser(_ parser: XMLParser, foundCharacters string: String) { if capturing { value += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
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
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.parse()
        return reader.rows.keys.sorted().map { index in
            let cells = reader.rows[index]!
            let width = (cells.keys.max() ?? -1) + 1
            return (0..<width).map { cells[$0] ?? "" }
        }
    }
}
