import Foundation
import MashangCore
import MashangServices

/// A QR code as SVG: one path of unit squares, with the four-module quiet zone the standard asks for.
enum QRCodeSVG {
    static func svg(_ code: QRCode, title: String, moduleSize: Int = 8) -> String {
        let quiet = 4
        let side = code.size + quiet * 2
        var path = ""
        for (y, row) in code.modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + quiet),\(y + quiet)h1v1h-1z" }
        }
        let escapedTitle = title.xmlEscaped
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * moduleSize)" height="\(side * moduleSize)" \
            shape-rendering="crispEdges" role="img" aria-label="\(escapedTitle)"><title>\(escapedTitle)</title>\
            <rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}
