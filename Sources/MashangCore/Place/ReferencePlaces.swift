import Foundation

extension ReferenceData {
    /// The reference data with area `code` drawn by `boundary` (nil: no boundary, so coordinates no longer place
    /// requests in it). Refused when the area is unknown or the boundary is wrong among the others
    /// (`problem(ofBoundary:forArea:)`), naming the `boundary` field.
    public func settingBoundary(_ boundary: AreaBoundary?, ofArea code: String) throws(ValidationError) -> ReferenceData {
        guard let index = allAreas.firstIndex(where: { $0.code == code }) else { throw ValidationError("area", "unknown") }
        if let boundary, let problem = problem(ofBoundary: boundary, forArea: code) {
            throw ValidationError("boundary", problem.rawValue)
        }
        var areas = allAreas
        areas[index].boundary = boundary
        return ReferenceData(
            organizations: allOrganizations, departments: allDepartments, categories: allCategories, areas: areas,
            intakePoints: allIntakePoints)
    }

    /// The reference data with intake point `code` placed at `location` (nil: not placed). A location must lie in the
    /// point's area when that area has a boundary.
    public func settingLocation(_ location: GeoPoint?, ofIntakePoint code: String) throws(ValidationError) -> ReferenceData {
        guard let index = allIntakePoints.firstIndex(where: { $0.code == code }) else { throw ValidationError("code", "unknown") }
        if let location {
            guard location.isValid else { throw ValidationError("location", "invalid") }
            if let boundary = area(allIntakePoints[index].area)?.boundary, !boundary.contains(location) {
                throw ValidationError("location", "notAtLocation")
            }
        }
        var points = allIntakePoints
        points[index].location = location
        return ReferenceData(
            organizations: allOrganizations, departments: allDepartments, categories: allCategories, areas: allAreas,
            intakePoints: points)
    }
}
