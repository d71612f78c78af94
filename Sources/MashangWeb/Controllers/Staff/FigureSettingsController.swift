import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// `/staff/admin/figures`: how the three rates are defined (the joint centre's administrators). Every figure page
/// shows the definition in force; a change applies to all periods at once (the rollups keep the raw counts).
struct FigureSettingsController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/figures", use: show)
        group.post("admin/figures", use: save)
    }

    struct SettingsForm: Decodable {
        var _csrf: String?
        var response: String?
        var unratedClosuresResolve: String?
        var satisfiedWeight: String?
        var basicallySatisfiedWeight: String?
        var selfRecordedRatingsCount: String?
        var followUpBy: String?
    }

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.figureDefinitions)
        return try await page(request, context, definitions: try await dependencies.stores.figures.definitions(), error: nil, status: .ok)
    }

    private func page(
        _ request: Request, _ context: StaffPageContext, definitions: FigureDefinitions, error: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        struct SettingsView {
            let chrome: PageChrome
            let csrf: String
            let responses: [ChoiceView]
            let unratedClosuresResolve: Bool
            let satisfiedWeight, basicallySatisfiedWeight: String
            let selfRecordedRatingsCount: Bool
            let followUpChoices: [ChoiceView]
            let saved: Bool
            let errorMessage: String?
        }
        let view = SettingsView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            responses: FigureDefinitions.ResponseBasis.allCases.map {
                ChoiceView(
                    code: $0.rawValue, name: kit.messages.text("ui.figures.definition.response.\($0.rawValue)", language),
                    selected: $0 == definitions.response)
            }, unratedClosuresResolve: definitions.unratedClosuresResolve,
            satisfiedWeight: String(format: "%g", definitions.satisfiedWeight),
            basicallySatisfiedWeight: String(format: "%g", definitions.basicallySatisfiedWeight),
            selfRecordedRatingsCount: definitions.selfRecordedRatingsCount,
            followUpChoices: FigureDefinitions.FollowUpRecorders.allCases.map {
                ChoiceView(
                    code: $0.rawValue, name: kit.messages.text("ui.figureSettings.followUpBy.\($0.rawValue)", language),
                    selected: $0 == definitions.followUpBy)
            }, saved: request.uri.queryParameters.get("saved") == "1", errorMessage: error)
        return kit.renderer.response("admin-figures", view, status: status)
    }

    @Sendable func save(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.figureDefinitions)
        let form = try await PublicPagesController.decodeForm(SettingsForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let basis = form.response.flatMap(FigureDefinitions.ResponseBasis.init(rawValue:))
        let satisfied = form.satisfiedWeight.flatMap(Double.init), basic = form.basicallySatisfiedWeight.flatMap(Double.init)
        // A form without the choice (an older page) keeps the setting in force.
        let current = try await dependencies.stores.figures.definitions()
        let followUpBy = form.followUpBy.map(FigureDefinitions.FollowUpRecorders.init(rawValue:)) ?? current.followUpBy
        let definitions = FigureDefinitions(
            response: basis ?? .signedOnTime, unratedClosuresResolve: form.unratedClosuresResolve == "on",
            satisfiedWeight: satisfied ?? .nan, basicallySatisfiedWeight: basic ?? .nan,
            selfRecordedRatingsCount: form.selfRecordedRatingsCount == "on",
            followUpBy: followUpBy ?? .jointCentre)
        do {
            guard basis != nil else { throw ValidationError("response", "unknown") }
            guard followUpBy != nil else { throw ValidationError("followUpBy", "unknown") }
            try await dependencies.stores.figures.setDefinitions(try definitions.validated())
        } catch let error as ValidationError {
            return try await page(
                request, context, definitions: try await dependencies.stores.figures.definitions(),
                error: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        try await Auditor(dependencies: dependencies).record(
            "figures.definitions", by: context.staff, subject: "rates", address: context.clientAddress,
            detail:
                "response \(definitions.response.rawValue), unrated resolve \(definitions.unratedClosuresResolve), weights \(definitions.satisfiedWeight)/\(definitions.basicallySatisfiedWeight), self-recorded count \(definitions.selfRecordedRatingsCount), follow-up by \(definitions.followUpBy.rawValue)"
        )
        return Response(status: .seeOther, headers: [.location: "/staff/admin/figures?saved=1"])
    }
}
