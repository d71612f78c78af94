import Foundation
import Hummingbird
import MashangCore
import MashangServices
import NIOCore

/// QR codes of the intake points: `/qr/{code}.svg` for one (public: it only holds the form's address) and
/// `/staff/qr` to print a sheet of chosen points, each code with its place name under it.
struct QRController {
    let reference: ReferenceCache
    let kit: StaffPageKit
    let publicURL: String

    struct SheetItem {
        let code: String
        let name: String
        let area: String
        let url: String
        let svg: String
        let selected: Bool
    }

    struct SheetView {
        let chrome: PageChrome
        let items: [SheetItem]
        let printing: Bool
    }

    func addRoutes(public router: Router<AppRequestContext>, staff group: RouterGroup<StaffPageContext>) {
        router.get("qr/:file", use: svg)
        group.get("qr", use: sheet)
    }

    func formURL(_ point: String) -> String { publicURL + "/m/" + point }

    @Sendable func svg(_ request: Request, context: AppRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".svg"), let point = reference.snapshot.data.intakePoint(String(file.dropLast(4))) else {
            throw AccessError.notFound
        }
        let image = QRCodeSVG.svg(try QRCode.encode(formURL(point.code)), title: point.name)
        return Response(
            status: .ok,
            headers: [
                .contentType: "image/svg+xml; charset=utf-8", .cacheControl: "max-age=3600",
                .contentDisposition: "inline; filename=\"\(point.code).svg\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: image)))
    }

    /// Without `points`, a list to choose from; with them, the print-ready sheet.
    @Sendable func sheet(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        let chosen = Set(request.uri.queryParameters.getAll("points"))
        let points = data.intakePoints.filter { chosen.isEmpty || chosen.contains($0.code) }
        let items = try points.map { point in
            let name = language == .en ? point.nameEn : point.name
            return SheetItem(
                code: point.code, name: name, area: names.area(point.area), url: formURL(point.code),
                svg: chosen.isEmpty ? "" : QRCodeSVG.svg(try QRCode.encode(formURL(point.code)), title: name, moduleSize: 6),
                selected: chosen.contains(point.code))
        }
        return kit.renderer.response("qr-sheet", SheetView(chrome: kit.chrome(request, context), items: items, printing: !chosen.isEmpty))
    }
}
