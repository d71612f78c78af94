import Foundation
import MashangCore

/// The optional "use my location" part of the QR form and the staff intake: hidden coordinates the browser's
/// geolocation fills in (`locate.js`), and the area they fall in. Without JavaScript the part stays hidden and the
/// form works as before; after a refused submission it shows again with what was given and the problem.
struct LocationFieldView {
    let latitude: String
    let longitude: String
    let system: String
    /// "位于：广华片区 · 江钻小区 · 江钻小区第一网格" for coordinates given, empty otherwise.
    let status: String
    let error: String?
    /// Shown without JavaScript only when it holds something to show.
    let shown: Bool
    let hasCoordinates: Bool

    /// The form's coordinates as fields of the form say them; `nil` coordinates when none were given.
    struct Fields {
        var latitude: String?
        var longitude: String?
        var system: String?

        /// The request's location, with unreadable numbers named as problems of `location.latitude` / `.longitude`.
        func input(_ problems: inout [ValidationError.Field]) -> IntakeRequest.LocationInput? {
            func given(_ value: String?) -> String? {
                value.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard given(latitude) != nil || given(longitude) != nil else { return nil }
            func number(_ value: String?, _ name: String) -> Double? {
                guard let text = given(value) else { return nil }
                guard let number = Double(text), number.isFinite else {
                    problems.append(.init("location.\(name)", "invalid"))
                    return nil
                }
                return number
            }
            let input = IntakeRequest.LocationInput(
                latitude: number(latitude, "latitude"), longitude: number(longitude, "longitude"), system: given(system))
            // An unreadable number is named above; the validator would call it missing.
            return problems.contains { $0.name.hasPrefix("location.") } ? nil : input
        }
    }

    init(_ fields: Fields, errors: [String: String], reference: ReferenceData, language: Language, messages: Messages) {
        latitude = fields.latitude ?? ""
        longitude = fields.longitude ?? ""
        system = fields.system.flatMap { $0.isEmpty ? nil : $0 } ?? CoordinateSystem.wgs84.rawValue
        error = ["location", "location.latitude", "location.longitude", "location.system"].lazy.compactMap { errors[$0] }.first
        var status = ""
        if error == nil, let lat = Double(latitude), let long = Double(longitude), let system = CoordinateSystem(named: system) {
            let point = system.wgs84(GeoPoint(latitude: lat, longitude: long))
            if let area = reference.areaLocator.area(containing: point) {
                let names = Names(reference: reference, language: language)
                let lineage = reference.areaTree.lineage(of: area).reversed().map(names.area).joined(separator: " · ")
                status = messages.text("ui.location.placed", language, ["area": lineage])
            }
        }
        self.status = status
        shown = error != nil || !status.isEmpty
        hasCoordinates = !latitude.isEmpty
    }
}
