import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The one-time link in a reply's text message (`/r/<token>`): it opens the ticket's public page with the rating form,
/// without the number or the tracking code, and stops working once the reply is rated or after 30 days.
extension PublicPagesController {
    @Sendable func showRatingLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            let ticket = try await service.ticket(ratingLink: token)
            return pages.response("track", try await linkView(request, ticket, token: token, rated: false))
        } catch is RatingLinkSpent {
            return spentLink(request)
        }
    }

    @Sendable func rateViaLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let form = try await Self.decodeForm(TrackForm.self, request)
        let language = request.language
        do {
            guard let satisfaction = form.satisfaction.flatMap(Satisfaction.init(rawValue:)) else {
                throw ValidationError("satisfaction", "required")
            }
            let note = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            let rated = try await service.rate(ratingLink: token, satisfaction: satisfaction, note: note?.isEmpty == true ? nil : note)
            return pages.response("track", try await linkView(request, rated, token: token, rated: true))
        } catch is RatingLinkSpent {
            return spentLink(request)
        } catch let error as ValidationError {
            let field = error.fields.first.map { $0.name == "note" ? ValidationError.Field("satisfaction.reason", $0.problem) : $0 }
            let label = field.flatMap { messages.optionalText("field.\($0.name)", language) } ?? ""
            var view = try await linkView(request, try await service.ticket(ratingLink: token), token: token, rated: false)
            view.errorMessage = field.map { messages.problem($0, label: label, language) }
            return pages.response("track", view, status: .unprocessableContent)
        } catch let error as LifecycleError {
            var view = try await linkView(request, try await service.ticket(ratingLink: token), token: token, rated: false)
            view.errorMessage = APIError.from(error)?.message(language, messages)
            return pages.response("track", view, status: .conflict)
        }
    }

    /// The tracking page of the link's ticket, its rating form posting back to the link.
    private func linkView(_ request: Request, _ ticket: StoredTicket, token: String, rated: Bool) async throws -> TrackView {
        var view = try await trackView(request, ticket, proof: .trackingCode, code: "", rated: rated)
        view.ticket?.rateAction = "/r/" + token
        view.ticket?.viaLink = true
        return view
    }

    private func spentLink(_ request: Request) -> Response {
        let language = request.language
        return pages.response(
            "message",
            MessageView(
                chrome: chrome(request), heading: messages.text("ui.ratingLink.spentTitle", language),
                text: messages.text("ui.ratingLink.spentText", language)), status: .gone)
    }
}
