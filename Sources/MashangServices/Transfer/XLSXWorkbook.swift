import Foundation

/// An Office Open XML workbook (.xlsx) with one worksheet per table: header row in bold, numbers as numbers, text as
/// inline strings (Chinese included), the first column widened. Opens in Excel, WPS and LibreOffice.
public struct XLSXWorkbook {
    public struct Sheet {
        /// At most 31 characters, without `[]:*?/\` (Excel's rules); made so by `init`.
        let name: String
        let rows: [[String]]

        public init(name: String, rows: [[String]]) {
            let cleaned = name.filter { !"[]:*?/\\".contains($0) }
            self.name = String((cleaned.isEmpty ? "Sheet" : cleaned).prefix(31))
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    public func data() throws -> Data {
        let zip = try ZipArchive()
        let sheetIndices = sheets.indices.map { $0 + 1 }
        try zip.add(
            "[Content_Types].xml",
            Data(
                ("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                """
                    + sheetIndices.map {
                        "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    }.joined() + "</Types>").utf8))
        try zip.add(
            "_rels/.rels",
            Data(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """.utf8))
        var names: Set<String> = []
        let uniqueNames = sheets.enumerated().map { index, sheet in
            var name = sheet.name
            if names.contains(name) { name = String(name.prefix(27)) + " (\(index + 1))" }
            names.insert(name)
            return name
        }
        try zip.add(
            "xl/workbook.xml",
            Data(
                ("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
                """
                    + sheetIndices.map { "<sheet name=\"\(uniqueNames[$0 - 1].xmlEscaped)\" sheetId=\"\($0)\" r:id=\"rId\($0)\"/>" }
                    .joined()
                    + "</sheets></workbook>").utf8))
        try zip.add(
            "xl/_rels/workbook.xml.rels",
            Data(
                ("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                """
                    + sheetIndices.map {
                        "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
                    }.joined()
                    + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
                    + "</Relationships>").utf8))
        try zip.add(
            "xl/styles.xml",
            Data(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """.utf8))
        for (index, sheet) in sheets.enumerated() {
            try zip.add("xl/worksheets/sheet\(index + 1).xml", Data(Self.worksheet(sheet.rows).utf8))
        }
        return zip.bytes
    }

    public static func worksheet(_ rows: [[String]]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="28" customWidth="1"/>\
            <col min="2" max="30" width="14" customWidth="1"/></cols><sheetData>
            """
        for (rowIndex, row) in rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, value) in row.enumerated() {
                let reference = columnName(columnIndex) + String(rowIndex + 1)
                let style = rowIndex == 0 ? " s=\"1\"" : ""
                if rowIndex > 0, let number = Double(value), value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
                    xml += "<c r=\"\(reference)\"\(style)><v>\(NumberText.plain(number))</v></c>"
                } else {
                    xml += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(value.xmlEscaped)</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// A, B, … Z, AA, AB, …
    public static func columnName(_ index: Int) -> String {
        var index = index + 1, name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }
}
